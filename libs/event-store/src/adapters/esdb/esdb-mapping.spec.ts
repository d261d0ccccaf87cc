import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type PrefixesFilter,
  type RegexFilter,
} from '@eventstore/db-client';
import { InvalidReadOptionError } from '../../errors';
import { chainMetadata, eventHash, GENESIS_HASH, verifyChain } from '../../hash-chain';
import type { ExpectedRevision } from '../../port';
import { esdbStoredEvent, resolvedAt } from './esdb-fixtures';
import {
  appendRevisionFor,
  assertCount,
  assertPosition,
  isStreamNotFound,
  isWrongExpectedVersion,
  matchesFilter,
  parseInstant,
  retriesOnConflict,
  revisionMatches,
  serverFilterFor,
  storedMetadata,
  toEsdbExpectedRevision,
  toEsdbPosition,
  toRecordedEvent,
  toRecordedEventFromAll,
  appendConflict,
} from './esdb-mapping';
import { EsdbUnreadableEventError } from './esdb.errors';

const STREAM = 'client-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('expected revisions', () => {
  it.each<[ExpectedRevision, unknown]>([
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    ['any', ANY],
    [0, 0n],
    [41, 41n],
  ])('maps %p to the client value %p', (expected, esdb) => {
    expect(toEsdbExpectedRevision(expected)).toBe(esdb);
  });

  it('sends the revision that was read for any and stream_exists, so the hash chain cannot fork', () => {
    expect(appendRevisionFor('any', null)).toBe(NO_STREAM);
    expect(appendRevisionFor('any', 4)).toBe(4n);
    expect(appendRevisionFor('stream_exists', 4)).toBe(4n);
    expect(appendRevisionFor('no_stream', null)).toBe(NO_STREAM);
    expect(appendRevisionFor(4, 4)).toBe(4n);
  });

  it('retries only where the caller did not name the revision', () => {
    expect([retriesOnConflict('any'), retriesOnConflict('stream_exists')]).toEqual([true, true]);
    expect([retriesOnConflict('no_stream'), retriesOnConflict(3)]).toEqual([false, false]);
  });

  it.each<[ExpectedRevision, number | null, boolean]>([
    ['any', null, true],
    ['any', 3, true],
    ['no_stream', null, true],
    ['no_stream', 0, false],
    ['stream_exists', null, false],
    ['stream_exists', 0, true],
    [2, 2, true],
    [2, 1, false],
    [2, 3, false],
    [0, null, false],
  ])('expected %p against actual %p matches: %p', (expected, actual, matches) => {
    expect(revisionMatches(expected, actual)).toBe(matches);
  });
});

describe('client errors', () => {
  const conflict = (current: bigint | 'no_stream') =>
    new WrongExpectedVersionError(undefined, { streamName: STREAM, expected: 0n, current });

  it('recognises the client error types, and nothing else', () => {
    expect(isWrongExpectedVersion(conflict(1n))).toBe(true);
    expect(isWrongExpectedVersion(new StreamNotFoundError(undefined, STREAM))).toBe(false);
    expect(isWrongExpectedVersion(new Error('wrong-expected-version'))).toBe(false);
    expect(isStreamNotFound(new StreamNotFoundError(undefined, STREAM))).toBe(true);
    expect(isStreamNotFound(conflict('no_stream'))).toBe(false);
    expect(isStreamNotFound('stream-not-found')).toBe(false);
  });

  it('reads a thrown conflict with the actual revision, an absent stream as null, and an unsuccessful answer as unknown', () => {
    expect(appendConflict({ error: conflict(7n) })).toEqual({ actual: 7 });
    expect(appendConflict({ error: conflict('no_stream') })).toEqual({ actual: null });
    expect(appendConflict({ success: false, nextExpectedRevision: 1n })).toEqual({ actual: 'unknown' });
    expect(appendConflict({ success: true, nextExpectedRevision: 4n })).toBeNull();
    const unavailable = new Error('14 UNAVAILABLE');
    expect(() => appendConflict({ error: unavailable })).toThrow(unavailable);
  });
});

describe('filters', () => {
  it('filters on stream-name prefixes when categories are given, ending each at the separator', () => {
    const filter = serverFilterFor({ streamCategories: ['client', 'match'] }) as PrefixesFilter;
    expect(filter).toMatchObject({ filterOn: 'streamName', prefixes: ['client-', 'match-'] });
  });

  it('filters on exact event types with an anchored regex', () => {
    const filter = serverFilterFor({ eventTypes: ['ConsentGiven', 'MatchProposed'] }) as RegexFilter;
    expect(filter.filterOn).toBe('eventType');
    const regex = new RegExp(filter.regex);
    expect(['ConsentGiven', 'MatchProposed'].map((type) => regex.test(type))).toEqual([true, true]);
    expect(
      ['ConsentGivenV2', 'XConsentGiven', '$>', 'ConsentWithdrawn'].map((type) => regex.test(type)),
    ).toEqual([false, false, false, false]);
  });

  it('prefers categories on the server when both are given and leaves the rest to matchesFilter', () => {
    expect(serverFilterFor({ eventTypes: ['ConsentGiven'], streamCategories: ['client'] })).toMatchObject({
      filterOn: 'streamName',
    });
  });

  it.each([undefined, {}, { eventTypes: [], streamCategories: [] }])(
    'excludes system events without a filter (%p)',
    (filter) => {
      const server = serverFilterFor(filter) as RegexFilter;
      expect(server.filterOn).toBe('eventType');
      expect(new RegExp(server.regex).test('$metadata')).toBe(false);
      expect(new RegExp(server.regex).test('ClientRegistered')).toBe(true);
    },
  );

  it('matches on arrival by exact type and category, and never lets a system event through', () => {
    const client = { streamId: STREAM, type: 'ConsentGiven', revision: 2n };
    expect(matchesFilter(client, undefined)).toBe(true);
    expect(matchesFilter(client, { eventTypes: ['ConsentGiven'], streamCategories: ['client'] })).toBe(true);
    expect(matchesFilter(client, { eventTypes: ['ConsentWithdrawn'] })).toBe(false);
    expect(matchesFilter(client, { streamCategories: ['clientNote'] })).toBe(false);
    expect(
      matchesFilter(
        { streamId: 'clientNote-1', type: 'ConsentGiven', revision: 0n },
        { streamCategories: ['client'] },
      ),
    ).toBe(false);
    expect(matchesFilter({ streamId: '$ce-client', type: '$>', revision: 0n }, undefined)).toBe(false);
    expect(
      matchesFilter({ streamId: '$$client-1', type: '$metadata', revision: 0n }, { streamCategories: [] }),
    ).toBe(false);
    expect(matchesFilter({ streamId: STREAM, type: '$ProjectionCreated', revision: 0n }, undefined)).toBe(
      false,
    );
  });

  it('lets only first events through when asked for them', () => {
    const first = { streamId: STREAM, type: 'ClientRegistered', revision: 0n };
    const later = { streamId: STREAM, type: 'ConsentGiven', revision: 1n };
    expect(matchesFilter(first, { firstEventsOnly: true })).toBe(true);
    expect(matchesFilter(later, { firstEventsOnly: true })).toBe(false);
    expect(matchesFilter(later, { firstEventsOnly: false })).toBe(true);
    expect(matchesFilter(first, { firstEventsOnly: true, eventTypes: ['ConsentGiven'] })).toBe(false);
  });
});

describe('positions', () => {
  it('uses the commit position as both halves of an ESDB position', () => {
    expect(toEsdbPosition(123n)).toEqual({ commit: 123n, prepare: 123n });
  });
});

describe('recorded events', () => {
  it('maps a stored event, with ESDB created time as recordedAt and a hash that still verifies', () => {
    const stored = esdbStoredEvent({ revision: 0n, position: 4242n });
    const event = toRecordedEvent(stored);
    expect(event).toMatchObject({
      streamId: stored.streamId,
      revision: 0,
      position: 4242n,
      eventId: stored.id,
      type: stored.type,
      data: stored.data,
      recordedAt: '2025-03-01T12:00:00.123Z',
    });
    expect(eventHash(event)).toBe(event.metadata.hash);
  });

  it('falls back to the commit position reported beside the event when the event carries none', () => {
    const withoutPosition = { ...esdbStoredEvent(), position: undefined };
    expect(toRecordedEvent(withoutPosition, 77n).position).toBe(77n);
    const unknown = { ...esdbStoredEvent(), position: { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n } };
    expect(toRecordedEvent(unknown, 78n).position).toBe(78n);
    expect(() => toRecordedEvent(withoutPosition)).toThrow(EsdbUnreadableEventError);
  });

  it.each([
    ['binary data', { isJson: false, data: new Uint8Array([1]) }],
    ['data that is not an object', { data: 'text' }],
    ['metadata without the hash chain', { metadata: { commandId: 'c' } }],
    ['no metadata', { metadata: undefined }],
    [
      'an actor without a role',
      { metadata: { ...storedMetadata(toRecordedEvent(esdbStoredEvent()).metadata), actor: { id: 'a' } } },
    ],
  ])('refuses %s, naming stream and revision but not the content', (_, overrides) => {
    const stored = { ...esdbStoredEvent({ revision: 3n }), ...overrides };
    let thrown: unknown;
    try {
      toRecordedEvent(stored);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EsdbUnreadableEventError);
    expect(thrown).toMatchObject({
      code: 'EVENT_STORE.UNREADABLE_EVENT',
      streamId: stored.streamId,
      revision: 3,
    });
    expect((thrown as Error).message).not.toContain('PRAGUE');
  });

  it('stores only the chained metadata fields', () => {
    const metadata = toRecordedEvent(esdbStoredEvent()).metadata;
    const stored = storedMetadata({ ...metadata, extra: 'not hashed' } as typeof metadata);
    expect(Object.keys(stored).sort()).toEqual(
      [
        'actor',
        'causationId',
        'commandId',
        'correlationId',
        'hash',
        'occurredAt',
        'prevHash',
        'schemaVersion',
      ].sort(),
    );
  });

  it('stores and reads back a command fingerprint, only when there is one, and the chain still verifies', () => {
    const event = toRecordedEvent(esdbStoredEvent());
    const metadata = chainMetadata({
      ...event,
      metadata: { ...event.metadata, commandFingerprint: 'q2VnZXR0ZWQtaW5wdXQ' },
      prevHash: GENESIS_HASH,
    });
    expect(storedMetadata(metadata)).toMatchObject({ commandFingerprint: 'q2VnZXR0ZWQtaW5wdXQ' });
    const read = toRecordedEvent(esdbStoredEvent({ metadata: storedMetadata(metadata) }));
    expect(read.metadata.commandFingerprint).toBe('q2VnZXR0ZWQtaW5wdXQ');
    expect(verifyChain(read.streamId, [read]).ok).toBe(true);
    expect(storedMetadata(event.metadata)).not.toHaveProperty('commandFingerprint');
    expect(toRecordedEvent(esdbStoredEvent()).metadata).not.toHaveProperty('commandFingerprint');
    expect(() =>
      toRecordedEvent(
        esdbStoredEvent({ metadata: { ...storedMetadata(event.metadata), commandFingerprint: 42 } }),
      ),
    ).toThrow(EsdbUnreadableEventError);
  });

  it('turns $all results into our events, passing over links, system events and filtered ones', () => {
    expect(toRecordedEventFromAll({ commitPosition: 5n }, undefined)).toEqual({ position: 5n, event: null });
    const system = resolvedAt(6n, { streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' });
    expect(toRecordedEventFromAll(system, undefined)).toEqual({ position: 6n, event: null });
    expect(toRecordedEventFromAll(resolvedAt(7n), { eventTypes: ['MatchProposed'] })).toEqual({
      position: 7n,
      event: null,
    });
    const ours = toRecordedEventFromAll(resolvedAt(8n), { streamCategories: ['client'] });
    expect(ours.position).toBe(8n);
    expect(ours.event?.position).toBe(8n);
  });
});

describe('read options', () => {
  it('accepts absent and non-negative values', () => {
    expect(() => assertCount('maxCount', undefined)).not.toThrow();
    expect(() => assertCount('maxCount', 0)).not.toThrow();
    expect(() => assertPosition('after', 0n)).not.toThrow();
    expect(parseInstant('recordedAtOrBefore', undefined)).toBeUndefined();
    expect(parseInstant('recordedAtOrBefore', '2025-03-01T12:00:00.123Z')).toBe(
      Date.UTC(2025, 2, 1, 12, 0, 0, 123),
    );
  });

  it.each([
    () => assertCount('maxCount', -1),
    () => assertCount('fromRevision', 1.5),
    () => assertPosition('after', -1n),
    () => assertPosition('after', 5 as unknown as bigint),
    () => parseInstant('recordedAtOrBefore', 'yesterday'),
  ])('rejects bad values with a typed error (%#)', (check) => {
    expect(check).toThrow(InvalidReadOptionError);
  });
});
