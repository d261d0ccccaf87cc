import { isUuid } from '@app/platform';
import { openSqliteEventStore } from '../adapters/sqlite';
import { verifyChain } from '../hash-chain';
import type { EventMetadataInput, EventStore, EventToAppend, JsonObject, RecordedEvent } from '../port';
import { MasterKey } from './master-key';
import { PersonalDataIntegrityError, SubjectErasedError } from './personal-data.errors';
import { definePersonalDataPolicy, type PersonalDataPolicy } from './personal-data-policy';
import { ERASED, isSealedEnvelope, type SealedEnvelope } from './sealed-field';
import { eraseSubject, SealingEventStore } from './sealing-event-store';
import { openSqliteSubjectKeyStore } from './sqlite-subject-key-store';
import type { SubjectKeyStore } from './subject-key-store';

const metadata: EventMetadataInput = {
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: null,
  actor: { id: 'coordinator-1', role: 'COORDINATOR' },
  occurredAt: '2026-01-15T10:00:00.000Z',
  schemaVersion: 1,
};

const policy = definePersonalDataPolicy({
  ClientRegistered: ['name', 'contact', 'dateOfBirth', 'countryOfOrigin'],
  ClientContactUpdated: ['contact'],
});

const registered = (data: Partial<JsonObject> = {}): EventToAppend => ({
  type: 'ClientRegistered',
  data: {
    name: 'Olena Kovalenko',
    contact: { phone: '+420 777 123 456', email: 'olena@example.org' },
    dateOfBirth: '1990-04-02',
    countryOfOrigin: 'UA',
    languages: ['uk', 'ru'],
    region: 'PRAGUE',
    ...data,
  },
  metadata,
});

const consentGiven: EventToAppend = {
  type: 'ConsentGiven',
  data: { consentId: 'consent-1', purposes: ['MATCHING'], givenOn: '2026-01-15' },
  metadata,
};

/** A decorator that lets a test rewrite events on their way out of the real store, as an attacker with disk access would. */
const tamperingReads = (inner: EventStore, tamper: (event: RecordedEvent) => RecordedEvent): EventStore => ({
  append: (...args) => inner.append(...args),
  readStream: async (...args) => (await inner.readStream(...args)).map(tamper),
  streamRevision: (...args) => inner.streamRevision(...args),
  readAll: async (...args) => (await inner.readAll(...args)).map(tamper),
  subscribeToAll: (...args) => inner.subscribeToAll(...args),
  headPosition: () => inner.headPosition(),
  close: () => inner.close(),
});

describe('SealingEventStore', () => {
  let inner: EventStore;
  let keys: SubjectKeyStore;
  let store: SealingEventStore;
  const streamId = 'client-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

  beforeEach(() => {
    inner = openSqliteEventStore({ filename: ':memory:' });
    keys = openSqliteSubjectKeyStore({ filename: ':memory:', masterKey: MasterKey.generate() });
    store = new SealingEventStore(inner, keys, policy);
  });

  afterEach(async () => {
    await store.close();
    await keys.close();
  });

  describe('given a client registered through the sealing store', () => {
    beforeEach(async () => {
      await store.append(streamId, 'no_stream', [registered()]);
    });

    it('stores personal fields only as sealed envelopes and leaves the rest in clear', async () => {
      const [stored] = await inner.readStream(streamId);
      const data = stored!.data;
      for (const field of ['name', 'contact', 'dateOfBirth', 'countryOfOrigin'])
        expect(isSealedEnvelope(data[field])).toBe(true);
      expect(data.languages).toEqual(['uk', 'ru']);
      expect(data.region).toBe('PRAGUE');
      const raw = JSON.stringify(data);
      for (const secret of ['Olena', '777 123', 'olena@example.org', '1990-04-02'])
        expect(raw).not.toContain(secret);
    });

    it('opens every personal field on readStream, readAll and subscribeToAll', async () => {
      const expected = registered().data;
      const [fromStream] = await store.readStream(streamId);
      const [fromAll] = await store.readAll();
      const subscription = store.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      const fromSubscription = await iterator.next();
      await subscription.close();
      expect(fromStream!.data).toEqual(expected);
      expect(fromAll!.data).toEqual(expected);
      expect(fromSubscription.value).toMatchObject({ data: expected });
    });

    it('creates one key for the subject and reuses it for later events', async () => {
      const key = await keys.get(streamId);
      await store.append(streamId, 0, [
        { type: 'ClientContactUpdated', data: { contact: 'new contact' }, metadata },
      ]);
      await expect(keys.get(streamId)).resolves.toEqual(key);
      const events = await store.readStream(streamId);
      expect(events.map((event) => event.data.contact)).toEqual([registered().data.contact, 'new contact']);
    });

    describe('when the subject is erased', () => {
      beforeEach(async () => {
        await store.append(streamId, 0, [consentGiven]);
        await eraseSubject(keys, streamId);
      });

      it('reads sealed fields as ERASED in a subscription started after the erasure', async () => {
        const subscription = store.subscribeToAll();
        const first = await subscription[Symbol.asyncIterator]().next();
        await subscription.close();
        expect(first.value).toMatchObject({ data: { name: ERASED, region: 'PRAGUE' } });
      });

      it('reads every sealed field as ERASED and keeps the clear facts', async () => {
        const [client, consent] = await store.readStream(streamId);
        expect(client!.data).toEqual({
          name: ERASED,
          contact: ERASED,
          dateOfBirth: ERASED,
          countryOfOrigin: ERASED,
          languages: ['uk', 'ru'],
          region: 'PRAGUE',
        });
        expect(consent!.data).toEqual(consentGiven.data);
        const [fromAll] = await store.readAll();
        expect(fromAll!.data.name).toBe(ERASED);
      });

      it('still verifies the hash chain over the data as stored', async () => {
        const verdict = verifyChain(streamId, await inner.readStream(streamId));
        expect(verdict).toEqual({ ok: true, streamId, events: 2 });
      });

      it('refuses new personal data for the subject but accepts events without any', async () => {
        await expect(
          store.append(streamId, 1, [{ type: 'ClientContactUpdated', data: { contact: 'x' }, metadata }]),
        ).rejects.toBeInstanceOf(SubjectErasedError);
        const result = await store.append(streamId, 1, [
          { type: 'ClientDeparted', data: { leftOn: '2026-02-01' }, metadata },
        ]);
        expect(result.nextExpectedRevision).toBe(2);
      });
    });
  });

  it('generates UUIDv7 event ids when missing and keeps the ones given', async () => {
    const given = '0193a1b2-c3d4-7e5f-8a9b-000000000001';
    const result = await store.append(streamId, 'no_stream', [
      registered(),
      { ...consentGiven, eventId: given },
    ]);
    const [first, second] = result.events;
    expect(isUuid(first!.eventId)).toBe(true);
    expect(first!.eventId[14]).toBe('7');
    expect(second!.eventId).toBe(given);
  });

  it('returns the appended events opened', async () => {
    const result = await store.append(streamId, 'no_stream', [registered()]);
    expect(result.events[0]!.data).toEqual(registered().data);
  });

  it('round-trips strings, numbers, booleans, null, arrays and nested objects', async () => {
    const values = ['text', 42.5, true, null, ['a', 1], { nested: { deep: ['x'] } }, '', 'ěščřžýáíé ✓'];
    for (const [index, value] of values.entries()) {
      const id = `client-roundtrip${index}`;
      await store.append(id, 'no_stream', [
        { type: 'ClientContactUpdated', data: { contact: value }, metadata },
      ]);
      const [event] = await store.readStream(id);
      expect(event!.data.contact).toEqual(value);
    }
  });

  it('leaves absent personal fields absent and creates no key for events without personal data', async () => {
    await store.append(streamId, 'no_stream', [consentGiven]);
    await expect(keys.get(streamId)).resolves.toBeNull();
    const partial = { type: 'ClientRegistered', data: { region: 'PRAGUE' }, metadata };
    await store.append('client-partial', 'no_stream', [partial]);
    const [stored] = await inner.readStream('client-partial');
    expect(stored!.data).toEqual({ region: 'PRAGUE' });
  });

  it('rejects invalid events before creating a subject key', async () => {
    await expect(store.append('Not A Stream', 'no_stream', [registered()])).rejects.toMatchObject({
      code: 'EVENT_STORE.INVALID_STREAM_ID',
    });
    const withDate = registered({ dateOfBirth: new Date('1990-04-02') as unknown as string });
    await expect(store.append(streamId, 'no_stream', [withDate])).rejects.toMatchObject({
      code: 'EVENT_STORE.INVALID_EVENT_DATA',
    });
    await expect(keys.get(streamId)).resolves.toBeNull();
  });

  it('seals with the subject chosen by the policy, so erasing a person reaches every stream of theirs', async () => {
    const byPerson: PersonalDataPolicy = {
      personalFields: policy.personalFields,
      subjectOf: () => 'person-1',
    };
    const sealing = new SealingEventStore(inner, keys, byPerson);
    await sealing.append('client-a', 'no_stream', [registered()]);
    await sealing.append('client-b', 'no_stream', [registered()]);
    await eraseSubject(keys, 'person-1');
    const names = (await sealing.readAll()).map((event) => event.data.name);
    expect(names).toEqual([ERASED, ERASED]);
  });

  describe('given sealed data altered at rest', () => {
    const flipFirstByte = (envelope: SealedEnvelope): SealedEnvelope => {
      const ct = Buffer.from(envelope.ct, 'base64');
      ct[0] = (ct[0] ?? 0) ^ 0x01;
      return { ...envelope, ct: ct.toString('base64') };
    };

    it('throws PersonalDataIntegrityError naming the place but not the value', async () => {
      await store.append(streamId, 'no_stream', [registered()]);
      const tampered = new SealingEventStore(
        tamperingReads(inner, (event) => ({
          ...event,
          data: {
            ...event.data,
            name: flipFirstByte(event.data.name as unknown as SealedEnvelope) as unknown as JsonObject,
          },
        })),
        keys,
        policy,
      );
      const failure = await tampered.readStream(streamId).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PersonalDataIntegrityError);
      expect(failure).toMatchObject({
        code: 'PERSONAL_DATA.INTEGRITY',
        reason: 'AUTHENTICATION_FAILED',
        where: { streamId, field: 'name' },
      });
      expect((failure as Error).message).not.toContain('Olena');
    });

    it('detects a sealed value moved to another event', async () => {
      await store.append(streamId, 'no_stream', [
        registered({ name: 'First' }),
        registered({ name: 'Second' }),
      ]);
      const [first] = await inner.readStream(streamId);
      const swapped = new SealingEventStore(
        tamperingReads(inner, (event) =>
          event.revision === 1 ? { ...event, data: { ...event.data, name: first!.data.name! } } : event,
        ),
        keys,
        policy,
      );
      await expect(swapped.readStream(streamId)).rejects.toBeInstanceOf(PersonalDataIntegrityError);
    });

    it('refuses sealed data whose subject key row is missing rather than calling it erased', async () => {
      await store.append(streamId, 'no_stream', [registered()]);
      const emptyKeys = openSqliteSubjectKeyStore({ filename: ':memory:', masterKey: MasterKey.generate() });
      const amnesiac = new SealingEventStore(inner, emptyKeys, policy);
      await expect(amnesiac.readStream(streamId)).rejects.toMatchObject({ reason: 'SUBJECT_KEY_MISSING' });
      await emptyKeys.close();
    });
  });
});
