import { openSqliteEventStore } from './adapters/sqlite';
import { verifyChain } from './hash-chain';
import {
  definePersonalDataPolicy,
  ERASED,
  eraseSubject,
  MasterKey,
  openSqliteSubjectKeyStore,
  SealingEventStore,
} from './personal-data';
import type { EventMetadataInput, EventStore, JsonObject } from './port';
import { type Upcaster, UpcasterRegistry, UpcastingEventStore } from './upcasting';

const metadata = (schemaVersion: number): EventMetadataInput => ({
  commandId: 'cmd-1',
  correlationId: 'corr-1',
  causationId: null,
  actor: { id: 'coordinator-1', role: 'COORDINATOR' },
  occurredAt: '2026-01-15T10:00:00.000Z',
  schemaVersion,
});

/** v1 had one `name`; v2 split it; v3 renamed `phone` to `contact`. */
const splitName: Upcaster = {
  eventType: 'ClientRegistered',
  fromSchemaVersion: 1,
  upcast: ({ name, ...rest }) => {
    if (typeof name !== 'string' || name === ERASED)
      return { ...rest, givenName: ERASED, familyName: ERASED };
    const [givenName = '', ...family] = name.split(' ');
    return { ...rest, givenName, familyName: family.join(' ') };
  },
};
const renamePhone: Upcaster = {
  eventType: 'ClientRegistered',
  fromSchemaVersion: 2,
  upcast: ({ phone, ...rest }) => ({ ...rest, contact: phone ?? null }),
};

describe('UpcasterRegistry', () => {
  const registry = new UpcasterRegistry([renamePhone, splitName]);
  const recorded = (schemaVersion: number, data: JsonObject, type = 'ClientRegistered') => ({
    streamId: 'client-1',
    revision: 0,
    position: 1n,
    eventId: 'event-1',
    type,
    data,
    metadata: { ...metadata(schemaVersion), prevHash: 'p', hash: 'h' },
    recordedAt: '2026-01-15T10:00:01.000Z',
  });

  it('applies the chain in version order until the latest version', () => {
    const upcast = registry.upcast(recorded(1, { name: 'Olena Kovalenko', phone: '+420 1' }));
    expect(upcast.data).toEqual({ givenName: 'Olena', familyName: 'Kovalenko', contact: '+420 1' });
    expect(upcast.metadata.schemaVersion).toBe(3);
  });

  it('starts from the version the event was written with', () => {
    const upcast = registry.upcast(recorded(2, { givenName: 'A', familyName: 'B', phone: 'p' }));
    expect(upcast.data).toEqual({ givenName: 'A', familyName: 'B', contact: 'p' });
  });

  it('leaves latest-version events and other types untouched', () => {
    const latest = recorded(3, { givenName: 'A', familyName: 'B', contact: 'c' });
    expect(registry.upcast(latest)).toBe(latest);
    const other = recorded(1, { name: 'x' }, 'ConsentGiven');
    expect(registry.upcast(other)).toBe(other);
  });

  it('knows the latest schema version per type', () => {
    expect(registry.latestSchemaVersion('ClientRegistered')).toBe(3);
    expect(registry.latestSchemaVersion('ConsentGiven')).toBe(1);
  });

  it('refuses two upcasters for the same step', () => {
    expect(() => new UpcasterRegistry([splitName, { ...splitName }])).toThrow(/Two upcasters/);
  });
});

describe('UpcastingEventStore over SealingEventStore', () => {
  const streamId = 'client-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
  let adapter: EventStore;
  let keys: ReturnType<typeof openSqliteSubjectKeyStore>;
  let store: EventStore;

  beforeEach(async () => {
    adapter = openSqliteEventStore({ filename: ':memory:' });
    keys = openSqliteSubjectKeyStore({ filename: ':memory:', masterKey: MasterKey.generate() });
    const policy = definePersonalDataPolicy({
      ClientRegistered: ['name', 'phone', 'givenName', 'familyName', 'contact'],
    });
    store = new UpcastingEventStore(
      new SealingEventStore(adapter, keys, policy),
      new UpcasterRegistry([splitName, renamePhone]),
    );
    // Given an event written long ago at schema version 1.
    await store.append(streamId, 'no_stream', [
      {
        type: 'ClientRegistered',
        data: { name: 'Olena Kovalenko', phone: '+420 777', region: 'PRAGUE' },
        metadata: metadata(1),
      },
    ]);
  });

  afterEach(async () => {
    await store.close();
    await keys.close();
  });

  it('opens sealed fields first, then upcasts, on every read path', async () => {
    const expected = { givenName: 'Olena', familyName: 'Kovalenko', contact: '+420 777', region: 'PRAGUE' };
    const [fromStream] = await store.readStream(streamId);
    const [fromAll] = await store.readAll();
    const subscription = store.subscribeToAll();
    const fromSubscription = await subscription[Symbol.asyncIterator]().next();
    await subscription.close();
    expect(fromStream!.data).toEqual(expected);
    expect(fromStream!.metadata.schemaVersion).toBe(3);
    expect(fromAll!.data).toEqual(expected);
    expect(fromSubscription.value).toMatchObject({ data: expected });
  });

  it('upcasts erased fields without failing, and the stored chain still verifies', async () => {
    await eraseSubject(keys, streamId);
    const [event] = await store.readStream(streamId);
    expect(event!.data).toEqual({ givenName: ERASED, familyName: ERASED, contact: ERASED, region: 'PRAGUE' });
    expect(verifyChain(streamId, await adapter.readStream(streamId)).ok).toBe(true);
  });
});
