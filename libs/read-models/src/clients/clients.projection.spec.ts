import type { JsonObject, RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';
import { clientsProjection, type ClientDocument } from './clients.projection';
import { consentsProjection, type ConsentDocument } from './consents.projection';
import { disclosuresProjection, type DisclosureDocument } from './disclosures.projection';

const clientId = '0193a000-0000-7000-8000-00000000c11e';
const streamId = `client-${clientId}`;
let position = 0n;

const recorded = (type: string, data: JsonObject, stream = streamId): RecordedEvent => {
  position += 1n;
  return {
    streamId: stream,
    revision: Number(position) - 1,
    position,
    eventId: `event-${position}`,
    type,
    data,
    metadata: {
      commandId: `command-${position}`,
      correlationId: 'correlation',
      causationId: null,
      actor: { id: 'coordinator-1', role: 'COORDINATOR' },
      occurredAt: '2025-03-10T10:00:00.000Z',
      schemaVersion: 1,
      prevHash: '',
      hash: '',
    },
    recordedAt: '2025-03-10T10:00:00.001Z',
  };
};

const registered = (overrides: JsonObject = {}) =>
  recorded('ClientRegistered', {
    clientId,
    name: 'Olena K.',
    contact: { phone: '+420 777 000 111' },
    dateOfBirth: '1990-05-01',
    countryOfOrigin: 'UA',
    languages: ['uk', 'ru'],
    region: 'PRAGUE',
    needs: ['CZECH_PRACTICE'],
    availability: [],
    registeredAt: '2025-03-01T09:00:00.000Z',
    ...overrides,
  });

const consentGiven = (consentId: string) =>
  recorded('ConsentGiven', {
    consentId,
    purposes: ['REFERRAL'],
    dataCategories: ['IDENTITY', 'CONTACT'],
    recipients: ['org-legal-aid'],
    lawfulBasis: 'CONSENT',
    givenOn: '2025-03-02T09:00:00.000Z',
    method: 'WRITTEN_FORM',
    evidenceRef: 'FORM-1',
    noticeVersion: '2025-01',
    language: 'uk',
    interpreterUsed: true,
    recordedAt: '2025-03-02T09:05:00.000Z',
  });

/** Every document the projection builds from `events`, by id, as the runner would apply them. */
function documents<T extends JsonObject>(
  projection: Projection<T>,
  events: readonly RecordedEvent[],
): Map<string, T> {
  const built = new Map<string, T | null>();
  for (const event of events) {
    if (!projection.handles.includes(event.type)) continue;
    const id = projection.documentId(event);
    if (id === null) continue;
    built.set(id, projection.evolve(built.get(id) ?? null, event));
  }
  return new Map([...built].filter((entry): entry is [string, T] => entry[1] !== null));
}

const project = (events: readonly RecordedEvent[]): ClientDocument | null =>
  documents(clientsProjection, events).get(clientId) ?? null;

describe('clients projection', () => {
  it('given a registration, then the profile holds the opened personal data and the filterable fields', () => {
    expect(project([registered()])).toEqual({
      clientId,
      region: 'PRAGUE',
      languages: ['uk', 'ru'],
      needs: ['CZECH_PRACTICE'],
      status: 'REGISTERED',
      erased: false,
      name: 'Olena K.',
      contact: { phone: '+420 777 000 111', email: null, address: null },
      dateOfBirth: '1990-05-01',
      countryOfOrigin: 'UA',
      registeredAt: '2025-03-01T09:00:00.000Z',
      departedOn: null,
      departureReason: null,
      erasedAt: null,
    });
  });

  it('keeps the document id as the client id and ignores other streams', () => {
    expect(clientsProjection.documentId(registered())).toBe(clientId);
    expect(
      clientsProjection.documentId(recorded('PersonalDataAccessed', {}, `clientAccess-${clientId}`)),
    ).toBeNull();
  });

  it('given a contact update, then the contact is replaced', () => {
    const document = project([
      registered(),
      recorded('ClientContactUpdated', { contact: { email: 'o@example.org' } }),
    ]);
    expect(document?.contact).toEqual({ phone: null, email: 'o@example.org', address: null });
  });

  it('given a registration without contact details, then the contact is null until one is added', () => {
    expect(project([registered({ contact: {} })])?.contact).toBeNull();
    const updated = project([
      registered({ contact: {} }),
      recorded('ClientContactUpdated', { contact: { address: 'Praha 1' } }),
    ]);
    expect(updated?.contact).toEqual({ phone: null, email: null, address: 'Praha 1' });
  });

  it('given erasure, then every personal field is purged while the ids remain', () => {
    const document = project([
      registered({ contact: { phone: '+420 1', email: 'o@example.org', address: 'Praha 1' } }),
      consentGiven('consent-1'),
      recorded('ClientPersonalDataErased', {
        requestedBy: 'admin-1',
        reasonCode: 'DATA_SUBJECT_REQUEST',
        erasedAt: '2025-03-09T10:00:00.000Z',
      }),
    ]);
    expect(document).toMatchObject({
      clientId,
      erased: true,
      erasedAt: '2025-03-09T10:00:00.000Z',
      name: null,
      contact: null,
      dateOfBirth: null,
      countryOfOrigin: null,
    });
    const serialised = JSON.stringify(document);
    for (const personal of ['Olena', '+420', 'o@example.org', 'Praha', '1990-05-01', '"UA"']) {
      expect(serialised).not.toContain(personal);
    }
  });

  it('given a rebuild after crypto-shredding, then the erased marker never becomes a contact', () => {
    const document = project([
      registered({
        name: '[erased]',
        contact: '[erased]',
        dateOfBirth: '[erased]',
        countryOfOrigin: '[erased]',
      }),
      recorded('ClientPersonalDataErased', {
        requestedBy: 'admin-1',
        reasonCode: 'X',
        erasedAt: '2025-03-09T10:00:00.000Z',
      }),
    ]);
    expect(document).toMatchObject({
      name: null,
      contact: null,
      dateOfBirth: null,
      countryOfOrigin: null,
      erased: true,
    });
  });

  it('given a departure, then the status and its date are kept', () => {
    const document = project([
      registered(),
      recorded('ClientDeparted', { leftOn: '2025-03-08', reasonCode: 'MOVED_AWAY' }),
    ]);
    expect(document).toMatchObject({
      status: 'DEPARTED',
      departedOn: '2025-03-08',
      departureReason: 'MOVED_AWAY',
    });
  });

  it('ignores events of a client it never saw registered', () => {
    expect(project([recorded('ClientContactUpdated', { contact: { email: 'o@example.org' } })])).toBeNull();
  });

  it('leaves consents and disclosures to their own read models', () => {
    for (const type of ['ConsentGiven', 'ConsentWithdrawn', 'InformationDisclosed', 'DisclosureRefused'])
      expect(clientsProjection.handles).not.toContain(type);
  });
});

describe('consents and disclosures projections', () => {
  const consents = (events: readonly RecordedEvent[]): ConsentDocument[] => [
    ...documents(consentsProjection, events).values(),
  ];
  const disclosures = (events: readonly RecordedEvent[]): DisclosureDocument[] => [
    ...documents(disclosuresProjection, events).values(),
  ];

  it('given consent, withdrawal and both disclosure outcomes, then each is a document with its facts', () => {
    const events = [
      registered(),
      consentGiven('consent-1'),
      recorded('InformationDisclosed', {
        disclosureId: 'd-1',
        recipient: 'org-legal-aid',
        purpose: 'REFERRAL',
        dataCategories: ['CONTACT'],
        basis: { consentId: 'consent-1' },
        disclosedBy: 'coordinator-1',
        disclosedAt: '2025-03-03T10:00:00.000Z',
      }),
      recorded('ConsentWithdrawn', {
        consentId: 'consent-1',
        withdrawnOn: '2025-03-04T10:00:00.000Z',
        method: 'VERBAL_WITNESSED',
        recordedAt: '2025-03-04T10:00:00.000Z',
      }),
      recorded('DisclosureRefused', {
        disclosureId: 'd-2',
        recipient: 'org-legal-aid',
        purpose: 'REFERRAL',
        dataCategories: ['CONTACT'],
        reasonCode: 'CONSENT.NOT_IN_FORCE',
        coverageCode: 'CONSENT.WITHDRAWN',
        requestedBy: 'coordinator-1',
        refusedAt: '2025-03-05T10:00:00.000Z',
      }),
    ];
    expect(documents(consentsProjection, events).get(`${clientId}:consent-1`)).toEqual(
      expect.objectContaining({
        consentId: 'consent-1',
        clientId,
        sequence: events[1]!.revision,
        expiresOn: null,
        withdrawnOn: '2025-03-04T10:00:00.000Z',
        withdrawalMethod: 'VERBAL_WITNESSED',
      }),
    );
    expect(disclosures(events)).toEqual([
      expect.objectContaining({
        disclosureId: 'd-1',
        clientId,
        sequence: events[2]!.revision,
        outcome: 'DISCLOSED',
        consentId: 'consent-1',
        refusalCode: null,
      }),
      expect.objectContaining({
        disclosureId: 'd-2',
        outcome: 'REFUSED',
        consentId: null,
        refusalCode: 'CONSENT.NOT_IN_FORCE',
        coverageCode: 'CONSENT.WITHDRAWN',
        at: '2025-03-05T10:00:00.000Z',
        by: 'coordinator-1',
      }),
    ]);
  });

  it('given a later-recorded but earlier-effective withdrawal, then the earliest effective one stands', () => {
    const withdrawal = (withdrawnOn: string) =>
      recorded('ConsentWithdrawn', {
        consentId: 'consent-1',
        withdrawnOn,
        method: 'ELECTRONIC',
        recordedAt: withdrawnOn,
      });
    const [consent] = consents([
      registered(),
      consentGiven('consent-1'),
      withdrawal('2025-03-05T00:00:00.000Z'),
      withdrawal('2025-03-04T00:00:00.000Z'),
      withdrawal('2025-03-06T00:00:00.000Z'),
    ]);
    expect(consent?.withdrawnOn).toBe('2025-03-04T00:00:00.000Z');
  });

  it('keeps the consents of two clients apart even when a reused commandId gave them the same id', () => {
    const otherClient = '0193a000-0000-7000-8000-00000000beef';
    const given = consentGiven('consent-1');
    const same = { ...consentGiven('consent-1'), streamId: `client-${otherClient}` };
    expect(consents([given, same]).map((consent) => consent.clientId)).toEqual([clientId, otherClient]);
  });

  it('ignores consents and disclosures outside client streams', () => {
    const elsewhere = { ...consentGiven('consent-1'), streamId: 'volunteer-1' };
    expect(consents([elsewhere])).toEqual([]);
  });
});
