import { specFor } from '../../shared/testing';
import type { ClientCommand, DiscloseInformation, GiveConsent } from './client.commands';
import { clientDecider } from './client.decide';
import { onClientDeparted } from './client-departed.process';
import type { ClientEvent, ConsentGiven } from './client.events';

const { given } = specFor(clientDecider);

const clientId = 'c0ffee00-0000-7000-8000-000000000001';
const volunteerId = 'v0000000-0000-7000-8000-000000000002';
const now = '2025-03-10T10:00:00.000Z';

const registered: ClientEvent = {
  type: 'ClientRegistered',
  data: {
    clientId,
    name: 'Olena K.',
    contact: { phone: '+420 777 000 111' },
    dateOfBirth: '1990-05-01',
    countryOfOrigin: 'UA',
    languages: ['uk', 'ru'],
    region: 'PRAGUE',
    needs: ['CZECH_PRACTICE'],
    availability: [{ day: 'MONDAY', part: 'EVENING' }],
    registeredAt: '2025-03-01T09:00:00.000Z',
  },
};

const consentData: ConsentGiven['data'] = {
  consentId: 'consent-1',
  purposes: ['VOLUNTEER_MATCHING'],
  dataCategories: ['IDENTITY', 'CONTACT'],
  recipients: ['ASSIGNED_VOLUNTEER'],
  lawfulBasis: 'CONSENT',
  givenOn: '2025-03-02T09:00:00.000Z',
  method: 'WRITTEN_FORM',
  evidenceRef: 'FORM-2025-017',
  noticeVersion: '2025-01',
  language: 'uk',
  interpreterUsed: true,
  recordedAt: '2025-03-02T09:05:00.000Z',
};
const consentGiven: ClientEvent = { type: 'ConsentGiven', data: consentData };

const giveConsent = (overrides: Partial<GiveConsent['data']> = {}): ClientCommand => ({
  type: 'GiveConsent',
  data: {
    clientId,
    consentId: 'consent-2',
    purposes: ['VOLUNTEER_MATCHING'],
    dataCategories: ['CONTACT'],
    recipients: ['ASSIGNED_VOLUNTEER'],
    lawfulBasis: 'CONSENT',
    givenOn: '2025-03-09',
    method: 'ELECTRONIC',
    evidenceRef: 'E-1',
    noticeVersion: '2025-01',
    language: 'uk',
    interpreterUsed: false,
    now,
    ...overrides,
  },
});

const disclose = (overrides: Partial<DiscloseInformation['data']> = {}): ClientCommand => ({
  type: 'DiscloseInformation',
  data: {
    clientId,
    disclosureId: 'disclosure-1',
    recipient: volunteerId,
    purpose: 'VOLUNTEER_MATCHING',
    dataCategories: ['CONTACT'],
    matchContext: { matchId: 'match-1', volunteerId },
    requestedBy: 'coordinator-1',
    now,
    ...overrides,
  },
});

describe('Client decider', () => {
  describe('RegisterClient', () => {
    const register = (overrides: Record<string, unknown> = {}): ClientCommand => ({
      type: 'RegisterClient',
      data: {
        clientId,
        name: ' Olena K. ',
        contact: { phone: '+420 777 000 111', email: ' ' },
        dateOfBirth: '1990-05-01',
        countryOfOrigin: 'UA',
        languages: ['uk', 'ru', 'uk'],
        region: 'PRAGUE',
        needs: ['CZECH_PRACTICE'],
        availability: [{ day: 'MONDAY', part: 'EVENING' }],
        now: '2025-03-01T09:00:00.000Z',
        ...overrides,
      },
    });

    it('registers with trimmed name, blank contact keys omitted and languages de-duplicated', () => {
      given([]).when(register()).then([registered]);
    });
    it('keeps each availability slot once', () => {
      const slot = { day: 'MONDAY', part: 'MORNING' };
      const other = { day: 'MONDAY', part: 'EVENING' };
      const events = given([])
        .when(register({ availability: [slot, other, { ...slot }] }))
        .events();
      expect(events[0]?.type === 'ClientRegistered' && events[0].data.availability).toEqual([slot, other]);
    });
    it('defaults availability to none', () => {
      const events = given([])
        .when(register({ availability: undefined }))
        .events();
      expect(events[0]?.type === 'ClientRegistered' && events[0].data.availability).toEqual([]);
    });
    it('registers without a date of birth, leaving the key out of the event', () => {
      const { dateOfBirth: _omitted, ...withoutDateOfBirth } = (
        registered as { data: Record<string, unknown> }
      ).data;
      const command = register();
      const { dateOfBirth: _given, ...data } = command.data as Record<string, unknown>;
      given([])
        .when({ ...command, data } as ClientCommand)
        .then([{ type: 'ClientRegistered', data: withoutDateOfBirth } as ClientEvent]);
    });
    it('rejects a second registration', () => {
      given([registered]).when(register()).then('CLIENT.ALREADY_REGISTERED');
    });
    it('registers a client who has no contact details yet, with an empty contact', () => {
      const events = given([])
        .when(register({ contact: { email: '' } }))
        .events();
      expect(events).toEqual([
        expect.objectContaining({
          type: 'ClientRegistered',
          data: expect.objectContaining({ clientId, contact: {} }),
        }),
      ]);
    });
    it('rejects a date of birth in the future', () => {
      given([])
        .when(register({ dateOfBirth: '2030-01-01' }))
        .then('VALIDATION.DATE_IN_FUTURE');
    });
    it('registers someone born on 1 January 1900', () => {
      expect(
        given([])
          .when(register({ dateOfBirth: '1900-01-01' }))
          .events(),
      ).toHaveLength(1);
    });
    it('rejects a date of birth before 1900', () => {
      given([])
        .when(register({ dateOfBirth: '1899-12-31' }))
        .then('VALIDATION.INVALID_DATE');
      given([])
        .when(register({ dateOfBirth: '1800-01-01' }))
        .then('VALIDATION.INVALID_DATE');
    });
    it('rejects an impossible date of birth', () => {
      given([])
        .when(register({ dateOfBirth: '1990-02-30' }))
        .then('VALIDATION.INVALID_DATE');
    });
    it('rejects an unknown region', () => {
      given([])
        .when(register({ region: 'BRNO' }))
        .then('VALIDATION.UNKNOWN_VALUE');
    });
    it('rejects languages that are not ISO 639-1', () => {
      given([])
        .when(register({ languages: ['ukrainian'] }))
        .then('VALIDATION.INVALID_LANGUAGE');
    });
    it('rejects a country that is not ISO 3166-1 alpha-2', () => {
      given([])
        .when(register({ countryOfOrigin: 'Ukraine' }))
        .then('VALIDATION.INVALID_COUNTRY');
    });
    it('rejects a blank name', () => {
      given([])
        .when(register({ name: '  ' }))
        .then('VALIDATION.REQUIRED');
    });
    it('rejects a command time that is not an instant', () => {
      given([])
        .when(register({ now: 'yesterday' }))
        .then('VALIDATION.INVALID_INSTANT');
    });
  });

  describe('UpdateClientContact', () => {
    const update: ClientCommand = {
      type: 'UpdateClientContact',
      data: { clientId, contact: { email: 'o@example.org' }, now },
    };
    it('records the new contact', () => {
      given([registered])
        .when(update)
        .then([
          { type: 'ClientContactUpdated', data: { contact: { email: 'o@example.org' }, updatedAt: now } },
        ]);
    });
    it('rejects an unknown client', () => {
      given([]).when(update).then('CLIENT.NOT_FOUND');
    });
    it('rejects an erased client', () => {
      given([
        registered,
        {
          type: 'ClientPersonalDataErased',
          data: { requestedBy: 'c', reasonCode: 'REQUEST', erasedAt: now },
        },
      ])
        .when(update)
        .then('CLIENT.ERASED');
    });
    it('rejects empty contact details', () => {
      given([registered])
        .when({ type: 'UpdateClientContact', data: { clientId, contact: {}, now } })
        .then('CLIENT.CONTACT_EMPTY');
    });
  });

  describe('GiveConsent', () => {
    it('records the consent with every field and omits an absent expiry', () => {
      given([registered])
        .when(giveConsent())
        .then([
          {
            type: 'ConsentGiven',
            data: {
              consentId: 'consent-2',
              purposes: ['VOLUNTEER_MATCHING'],
              dataCategories: ['CONTACT'],
              recipients: ['ASSIGNED_VOLUNTEER'],
              lawfulBasis: 'CONSENT',
              givenOn: '2025-03-09',
              method: 'ELECTRONIC',
              evidenceRef: 'E-1',
              noticeVersion: '2025-01',
              language: 'uk',
              interpreterUsed: false,
              recordedAt: now,
            },
          },
        ]);
    });
    it('keeps an expiry date', () => {
      const events = given([registered])
        .when(giveConsent({ expiresOn: '2026-03-09' }))
        .events();
      expect(events[0]?.type === 'ConsentGiven' && events[0].data.expiresOn).toBe('2026-03-09');
    });
    it('accepts special categories under explicit consent', () => {
      const events = given([registered])
        .when(giveConsent({ dataCategories: ['HEALTH'], lawfulBasis: 'EXPLICIT_CONSENT' }))
        .events();
      expect(events.map((event) => event.type)).toEqual(['ConsentGiven']);
    });
    it('rejects special categories under plain consent', () => {
      given([registered])
        .when(giveConsent({ dataCategories: ['CONTACT', 'HEALTH'] }))
        .then('CONSENT.EXPLICIT_CONSENT_REQUIRED');
    });
    it('rejects a duplicate consent id', () => {
      given([registered, consentGiven])
        .when(giveConsent({ consentId: 'consent-1' }))
        .then('CONSENT.ALREADY_EXISTS');
    });
    it('rejects the id of any earlier consent, a withdrawn one included, and accepts a new one after many', () => {
      const history: ClientEvent[] = [registered];
      for (const index of [1, 2, 3, 4, 5]) {
        history.push({ type: 'ConsentGiven', data: { ...consentData, consentId: `consent-${index}` } });
      }
      history.push({
        type: 'ConsentWithdrawn',
        data: { consentId: 'consent-3', withdrawnOn: now, method: 'ELECTRONIC', recordedAt: now },
      });
      for (const taken of ['consent-1', 'consent-3', 'consent-5']) {
        given(history)
          .when(giveConsent({ consentId: taken }))
          .then('CONSENT.ALREADY_EXISTS');
      }
      const events = given(history)
        .when(giveConsent({ consentId: 'consent-6' }))
        .events();
      expect(events.map((event) => event.type)).toEqual(['ConsentGiven']);
    });
    it('rejects consent given after the command time', () => {
      given([registered])
        .when(giveConsent({ givenOn: '2025-03-11' }))
        .then('CONSENT.GIVEN_IN_FUTURE');
    });
    it('rejects an expiry before the day of giving', () => {
      given([registered])
        .when(giveConsent({ expiresOn: '2025-03-08' }))
        .then('CONSENT.EXPIRES_BEFORE_GIVEN');
    });
    it('reads the day of giving in Prague: given at 23:30 there, it may expire that same day, not the one before', () => {
      const lateEvening = { givenOn: '2025-03-08T22:30:00.000Z' };
      expect(
        given([registered])
          .when(giveConsent({ ...lateEvening, expiresOn: '2025-03-08' }))
          .events(),
      ).toMatchObject([{ type: 'ConsentGiven', data: { expiresOn: '2025-03-08' } }]);
      given([registered])
        .when(giveConsent({ givenOn: '2025-03-08T23:00:00.000Z', expiresOn: '2025-03-08' }))
        .then('CONSENT.EXPIRES_BEFORE_GIVEN');
    });
    it('rejects an unknown purpose', () => {
      given([registered])
        .when(giveConsent({ purposes: ['MARKETING' as never] }))
        .then('VALIDATION.UNKNOWN_VALUE');
    });
    it('rejects a recipient that is not a party id: padded, free text, or over 100 characters', () => {
      for (const recipient of ['ASSIGNED_VOLUNTEER ', 'Jana Novakova', `org-${'x'.repeat(97)}`]) {
        given([registered])
          .when(giveConsent({ recipients: ['org-legal-aid', recipient] }))
          .then('VALIDATION.INVALID_PARTY_ID');
      }
      expect(
        given([registered])
          .when(giveConsent({ recipients: ['org-legal-aid', `org-${'x'.repeat(96)}`, 'ASSIGNED_VOLUNTEER'] }))
          .events(),
      ).toHaveLength(1);
    });
    it('rejects an empty list of recipients', () => {
      given([registered])
        .when(giveConsent({ recipients: [] }))
        .then('VALIDATION.REQUIRED');
    });
    it('rejects an unknown client', () => {
      given([]).when(giveConsent()).then('CLIENT.NOT_FOUND');
    });
    it('rejects a departed client', () => {
      given([
        registered,
        { type: 'ClientDeparted', data: { leftOn: '2025-03-05', reasonCode: 'MOVED_AWAY' } },
      ])
        .when(giveConsent())
        .then('CLIENT.DEPARTED');
    });
    it('rejects an erased client', () => {
      given([
        registered,
        {
          type: 'ClientPersonalDataErased',
          data: { requestedBy: 'c', reasonCode: 'REQUEST', erasedAt: now },
        },
      ])
        .when(giveConsent())
        .then('CLIENT.ERASED');
    });
  });

  describe('WithdrawConsent', () => {
    const withdraw = (withdrawnOn: string, consentId = 'consent-1'): ClientCommand => ({
      type: 'WithdrawConsent',
      data: { clientId, consentId, withdrawnOn, method: 'VERBAL_WITNESSED', now },
    });
    it('records a withdrawal effective before it was recorded', () => {
      given([registered, consentGiven])
        .when(withdraw('2025-03-05T12:00:00.000Z'))
        .then([
          {
            type: 'ConsentWithdrawn',
            data: {
              consentId: 'consent-1',
              withdrawnOn: '2025-03-05T12:00:00.000Z',
              method: 'VERBAL_WITNESSED',
              recordedAt: now,
            },
          },
        ]);
    });
    it('rejects a withdrawal in the future', () => {
      given([registered, consentGiven])
        .when(withdraw('2025-03-10T10:00:01.000Z'))
        .then('CONSENT.WITHDRAWN_IN_FUTURE');
    });
    it('rejects a withdrawal before the consent was given', () => {
      given([registered, consentGiven]).when(withdraw('2025-03-01')).then('CONSENT.WITHDRAWN_BEFORE_GIVEN');
    });
    it('rejects an unknown consent', () => {
      given([registered, consentGiven]).when(withdraw(now, 'consent-9')).then('CONSENT.NOT_FOUND');
    });
    it('withdraws any one of several consents, and only one that was given', () => {
      const history: ClientEvent[] = [
        registered,
        ...['consent-1', 'consent-2', 'consent-3'].map((consentId): ClientEvent => ({
          type: 'ConsentGiven',
          data: { ...consentData, consentId },
        })),
      ];
      for (const consentId of ['consent-1', 'consent-2', 'consent-3']) {
        const events = given(history).when(withdraw(now, consentId)).events();
        expect(events).toEqual([
          expect.objectContaining({ type: 'ConsentWithdrawn', data: expect.objectContaining({ consentId }) }),
        ]);
      }
      given(history).when(withdraw(now, 'consent-4')).then('CONSENT.NOT_FOUND');
    });
    it('rejects a second withdrawal', () => {
      given([
        registered,
        consentGiven,
        {
          type: 'ConsentWithdrawn',
          data: { consentId: 'consent-1', withdrawnOn: now, method: 'ELECTRONIC', recordedAt: now },
        },
      ])
        .when(withdraw(now))
        .then('CONSENT.ALREADY_WITHDRAWN');
    });
    it('rejects an unknown client', () => {
      given([]).when(withdraw(now)).then('CLIENT.NOT_FOUND');
    });
  });

  describe('DiscloseInformation', () => {
    it('discloses contact to the assigned volunteer under the covering consent', () => {
      given([registered, consentGiven])
        .when(disclose())
        .then([
          {
            type: 'InformationDisclosed',
            data: {
              disclosureId: 'disclosure-1',
              recipient: volunteerId,
              purpose: 'VOLUNTEER_MATCHING',
              dataCategories: ['CONTACT'],
              basis: { consentId: 'consent-1' },
              disclosedBy: 'coordinator-1',
              disclosedAt: now,
              matchId: 'match-1',
            },
          },
        ]);
    });
    // The contact disclosure of match-1, refused because consent-1 was withdrawn; `refusedAt` as given.
    const refusedAsWithdrawn = (refusedAt: string): ClientEvent => ({
      type: 'DisclosureRefused',
      data: {
        disclosureId: 'disclosure-1',
        recipient: volunteerId,
        purpose: 'VOLUNTEER_MATCHING',
        dataCategories: ['CONTACT'],
        reasonCode: 'CONSENT.NOT_IN_FORCE',
        coverageCode: 'CONSENT.WITHDRAWN',
        requestedBy: 'coordinator-1',
        refusedAt,
        matchId: 'match-1',
      },
    });
    const withdrawn = (withdrawnOn: string, recordedAt: string): ClientEvent => ({
      type: 'ConsentWithdrawn',
      data: { consentId: 'consent-1', withdrawnOn, method: 'ELECTRONIC', recordedAt },
    });
    it('records a refusal, not a rejection, once the consent is withdrawn', () => {
      given([registered, consentGiven, withdrawn('2025-03-09', now)])
        .when(disclose())
        .then([refusedAsWithdrawn(now)]);
    });
    it("given a withdrawal recorded with a time after the command's now (a clock behind), then it refuses at that time", () => {
      const withdrawnOn = '2025-03-10T10:00:05.000Z';
      given([registered, consentGiven, withdrawn(withdrawnOn, withdrawnOn)])
        .when(disclose())
        .then([refusedAsWithdrawn(withdrawnOn)]);
    });
    it("given a consent recorded with a time after the command's now, then it discloses under it at that time", () => {
      const givenOn = '2025-03-10T10:00:02.000Z';
      const events = given([registered, { type: 'ConsentGiven', data: { ...consentData, givenOn } }])
        .when(disclose())
        .events();
      expect(events).toEqual([
        expect.objectContaining({
          type: 'InformationDisclosed',
          data: expect.objectContaining({
            basis: { consentId: 'consent-1' },
            disclosedAt: givenOn,
          }) as unknown,
        }),
      ]);
    });
    it('refuses when the recipient is not the assigned volunteer of a match', () => {
      const events = given([registered, consentGiven])
        .when(disclose({ matchContext: undefined }))
        .events();
      expect(events).toEqual([
        expect.objectContaining({
          type: 'DisclosureRefused',
          data: expect.objectContaining({ coverageCode: 'CONSENT.RECIPIENT_NOT_COVERED' }) as unknown,
        }),
      ]);
      expect(JSON.stringify(events)).not.toContain('matchId');
    });
    it('refuses without any consent', () => {
      const events = given([registered]).when(disclose()).events();
      expect(events[0]?.type === 'DisclosureRefused' && events[0].data.coverageCode).toBe(
        'CONSENT.NOT_FOUND',
      );
    });
    it('discloses under a cited legal obligation without consent', () => {
      given([registered])
        .when(
          disclose({
            recipient: 'ministry-of-interior',
            matchContext: undefined,
            legalObligation: ' §93 Act 325/1999 ',
          }),
        )
        .then([
          {
            type: 'InformationDisclosed',
            data: {
              disclosureId: 'disclosure-1',
              recipient: 'ministry-of-interior',
              purpose: 'VOLUNTEER_MATCHING',
              dataCategories: ['CONTACT'],
              basis: { legalObligation: '§93 Act 325/1999' },
              disclosedBy: 'coordinator-1',
              disclosedAt: now,
            },
          },
        ]);
    });
    it('rejects a blank legal obligation', () => {
      given([registered])
        .when(disclose({ legalObligation: ' ' }))
        .then('DISCLOSURE.LEGAL_OBLIGATION_BLANK');
    });
    it('rejects a disclosure id already decided', () => {
      const refused = given([registered]).when(disclose()).events();
      given([registered, ...refused])
        .when(disclose())
        .then('DISCLOSURE.ALREADY_RECORDED');
    });
    it('rejects the role ASSIGNED_VOLUNTEER as recipient', () => {
      given([registered, consentGiven])
        .when(disclose({ recipient: 'ASSIGNED_VOLUNTEER', matchContext: undefined }))
        .then('DISCLOSURE.RECIPIENT_NOT_A_PARTY');
    });
    it('rejects a match context naming another volunteer', () => {
      given([registered, consentGiven])
        .when(disclose({ matchContext: { matchId: 'match-1', volunteerId: 'someone-else' } }))
        .then('DISCLOSURE.RECIPIENT_NOT_MATCH_VOLUNTEER');
    });
    it('rejects an empty category list', () => {
      given([registered, consentGiven])
        .when(disclose({ dataCategories: [] }))
        .then('VALIDATION.REQUIRED');
    });
    it('rejects disclosure of an erased client', () => {
      given([
        registered,
        consentGiven,
        {
          type: 'ClientPersonalDataErased',
          data: { requestedBy: 'c', reasonCode: 'REQUEST', erasedAt: now },
        },
      ])
        .when(disclose())
        .then('CLIENT.ERASED');
    });
    it('rejects an unknown client', () => {
      given([]).when(disclose()).then('CLIENT.NOT_FOUND');
    });
  });

  describe('EraseClientPersonalData', () => {
    const erase: ClientCommand = {
      type: 'EraseClientPersonalData',
      data: { clientId, requestedBy: 'coordinator-1', reasonCode: 'DATA_SUBJECT_REQUEST', now },
    };
    it('records the erasure', () => {
      given([registered, consentGiven])
        .when(erase)
        .then([
          {
            type: 'ClientPersonalDataErased',
            data: { requestedBy: 'coordinator-1', reasonCode: 'DATA_SUBJECT_REQUEST', erasedAt: now },
          },
        ]);
    });
    it('still lets the consent be withdrawn afterwards', () => {
      const erased = given([registered, consentGiven]).when(erase).events();
      const events = given([registered, consentGiven, ...erased])
        .when({
          type: 'WithdrawConsent',
          data: { clientId, consentId: 'consent-1', withdrawnOn: now, method: 'ELECTRONIC', now },
        })
        .events();
      expect(events.map((event) => event.type)).toEqual(['ConsentWithdrawn']);
    });
    it('rejects a second erasure', () => {
      const erased = given([registered]).when(erase).events();
      given([registered, ...erased])
        .when(erase)
        .then('CLIENT.ERASED');
    });
    it('rejects a free-text reason', () => {
      given([registered])
        .when({
          type: 'EraseClientPersonalData',
          data: { clientId, requestedBy: 'c', reasonCode: 'she asked', now },
        })
        .then('VALIDATION.INVALID_REASON_CODE');
    });
    it('rejects a reason code longer than 64 characters, and takes one of exactly 64', () => {
      const withReason = (reasonCode: string) => ({
        type: 'EraseClientPersonalData' as const,
        data: { clientId, requestedBy: 'c', reasonCode, now },
      });
      given([registered])
        .when(withReason(`A${'B'.repeat(64)}`))
        .then('VALIDATION.INVALID_REASON_CODE');
      expect(
        given([registered])
          .when(withReason(`A${'B'.repeat(63)}`))
          .events(),
      ).toHaveLength(1);
    });
    it('rejects an unknown client', () => {
      given([]).when(erase).then('CLIENT.NOT_FOUND');
    });
  });

  describe('RecordClientDeparture', () => {
    const depart = (leftOn: string): ClientCommand => ({
      type: 'RecordClientDeparture',
      data: { clientId, leftOn, reasonCode: 'MOVED_AWAY', now },
    });
    it('records the departure', () => {
      given([registered])
        .when(depart('2025-03-10'))
        .then([{ type: 'ClientDeparted', data: { leftOn: '2025-03-10', reasonCode: 'MOVED_AWAY' } }]);
    });
    it('rejects a departure in the future', () => {
      given([registered]).when(depart('2025-03-11')).then('CLIENT.DEPARTURE_IN_FUTURE');
    });
    it('records a departure on the day of registration', () => {
      given([registered])
        .when(depart('2025-03-01'))
        .then([{ type: 'ClientDeparted', data: { leftOn: '2025-03-01', reasonCode: 'MOVED_AWAY' } }]);
    });
    it('rejects a departure before the client was registered', () => {
      given([registered]).when(depart('2025-02-28')).then('VALIDATION.INVALID_RANGE');
      given([registered]).when(depart('1800-01-01')).then('VALIDATION.INVALID_RANGE');
    });
    it('rejects a second departure', () => {
      given([
        registered,
        { type: 'ClientDeparted', data: { leftOn: '2025-03-05', reasonCode: 'MOVED_AWAY' } },
      ])
        .when(depart('2025-03-10'))
        .then('CLIENT.DEPARTED');
    });
    it('rejects an unknown client', () => {
      given([]).when(depart('2025-03-10')).then('CLIENT.NOT_FOUND');
    });

    describe('the matches of a client who departs', () => {
      const departed = {
        type: 'ClientDeparted',
        data: { leftOn: '2025-03-10', reasonCode: 'MOVED_AWAY' },
      } as const;
      it('given open matches, when the client departs, then each is ended once, on the day of the departure', () => {
        expect(
          onClientDeparted(
            departed,
            [
              { matchId: 'm-1', acceptedOn: '2025-03-05', lastMeetingOn: null },
              { matchId: 'm-2', acceptedOn: null, lastMeetingOn: null },
              { matchId: 'm-1', acceptedOn: '2025-03-05', lastMeetingOn: null },
            ],
            now,
          ),
        ).toEqual([
          {
            type: 'EndMatch',
            data: { matchId: 'm-1', reasonCode: 'CLIENT_DEPARTED', endedOn: '2025-03-10', now },
          },
          {
            type: 'EndMatch',
            data: { matchId: 'm-2', reasonCode: 'CLIENT_DEPARTED', endedOn: '2025-03-10', now },
          },
        ]);
      });
      it('given no open match, when the client departs, then nothing is to be ended', () => {
        expect(onClientDeparted(departed, [], now)).toEqual([]);
      });
      it('given a departure dated before a match was accepted, then that match ends on the day it was accepted', () => {
        expect(
          onClientDeparted(
            departed,
            [{ matchId: 'm-late', acceptedOn: '2025-03-12', lastMeetingOn: null }],
            now,
          ),
        ).toEqual([
          {
            type: 'EndMatch',
            data: { matchId: 'm-late', reasonCode: 'CLIENT_DEPARTED', endedOn: '2025-03-12', now },
          },
        ]);
      });
    });
  });
});
