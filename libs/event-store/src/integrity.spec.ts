import fc from 'fast-check';
import { chainMetadata, GENESIS_HASH } from './hash-chain';
import { verifyStoreIntegrity } from './integrity';
import type { EventStore, JsonObject, ReadAllOptions, ReadStreamOptions, RecordedEvent } from './port';
import { testMetadata } from './testing';

const STREAMS = ['client-a', 'client-b', 'volunteer-c', 'match-d'] as const;

/** Builds a correctly chained log in which event `i` belongs to `STREAMS[picks[i]]`. */
function chainedLog(picks: readonly number[]): RecordedEvent[] {
  const heads = new Map<string, { prevHash: string; revision: number }>();
  return picks.map((pick, index) => {
    const streamId = STREAMS[pick % STREAMS.length] as string;
    const head = heads.get(streamId) ?? { prevHash: GENESIS_HASH, revision: 0 };
    const data: JsonObject = { index };
    const eventId = `event-${index}`;
    const metadata = chainMetadata({
      streamId,
      revision: head.revision,
      eventId,
      type: 'StepTaken',
      data,
      metadata: testMetadata(),
      prevHash: head.prevHash,
    });
    heads.set(streamId, { prevHash: metadata.hash, revision: head.revision + 1 });
    const position = BigInt(index + 1);
    return {
      streamId,
      revision: head.revision,
      position,
      eventId,
      type: 'StepTaken',
      data,
      metadata,
      recordedAt: '2025-01-01T00:00:00.000Z',
    };
  });
}

/**
 * `readAll` records page sizes so the test can prove the log is never read whole. The store's own head of each
 * stream is that of `recordedLog` (the log before tampering), as SQLite keeps it apart from the events.
 */
function logStore(
  log: readonly RecordedEvent[],
  recordedLog: readonly RecordedEvent[] = log,
): EventStore & { largestPage: number } {
  const notUsed = (): never => {
    throw new Error('not used by the integrity verifier');
  };
  const store = {
    largestPage: 0,
    readAll: async ({ after = 0n, maxCount = 1000, filter }: ReadAllOptions = {}) => {
      const page = log
        .filter((event) => event.position > after)
        .filter((event) => filter?.streamCategories?.includes(event.streamId.split('-')[0] ?? '') ?? true)
        .slice(0, maxCount);
      store.largestPage = Math.max(store.largestPage, page.length);
      return page;
    },
    append: notUsed,
    readStream: async (streamId: string, { fromRevision = 0 }: ReadStreamOptions = {}) =>
      log.filter((event) => event.streamId === streamId && event.revision >= fromRevision),
    streamRevision: async (streamId: string) =>
      recordedLog.filter((event) => event.streamId === streamId).at(-1)?.revision ?? null,
    subscribeToAll: notUsed,
    headPosition: notUsed,
    close: notUsed,
  };
  return store;
}

const histories = fc.array(fc.integer({ min: 0, max: STREAMS.length - 1 }), { minLength: 1, maxLength: 40 });

describe('verifyStoreIntegrity', () => {
  it('reports every stream of an untouched log as OK with its event count, whatever the page size', async () => {
    await fc.assert(
      fc.asyncProperty(histories, fc.integer({ min: 1, max: 7 }), async (picks, pageSize) => {
        const log = chainedLog(picks);
        const store = logStore(log);
        const verdicts = await verifyStoreIntegrity(store, { pageSize });
        const expected = [...new Set(log.map((event) => event.streamId))].map((streamId) => ({
          ok: true,
          streamId,
          events: log.filter((event) => event.streamId === streamId).length,
        }));
        expect(verdicts).toEqual(expected);
        expect(store.largestPage).toBeLessThanOrEqual(pageSize);
      }),
    );
  });

  it('finds a modified event and only in its own stream', async () => {
    await fc.assert(
      fc.asyncProperty(histories, fc.nat(), fc.integer({ min: 1, max: 7 }), async (picks, seed, pageSize) => {
        const log = chainedLog(picks);
        const tamperedIndex = seed % log.length;
        const victim = log[tamperedIndex] as RecordedEvent;
        log[tamperedIndex] = { ...victim, data: { index: -1 } };
        const verdicts = await verifyStoreIntegrity(logStore(log), { pageSize });
        const broken = verdicts.filter((verdict) => !verdict.ok);
        expect(broken).toEqual([
          expect.objectContaining({
            ok: false,
            streamId: victim.streamId,
            revision: victim.revision,
            position: victim.position,
            reason: 'HASH_MISMATCH',
            foundHash: victim.metadata.hash,
          }),
        ]);
      }),
    );
  });

  it('finds a removed event at the next event of the same stream', async () => {
    const log = chainedLog([0, 1, 0, 1, 0]);
    const removed = log.splice(2, 1)[0] as RecordedEvent;
    const verdicts = await verifyStoreIntegrity(logStore(log));
    expect(verdicts).toEqual([
      expect.objectContaining({
        ok: false,
        streamId: 'client-a',
        revision: 2,
        position: 5n,
        reason: 'REVISION_GAP',
        expectedHash: removed.metadata.prevHash,
      }),
      { ok: true, streamId: 'client-b', events: 2 },
    ]);
  });

  it("finds events removed at the end of a stream, which no later link can reveal, from the store's own head", async () => {
    const recorded = chainedLog([0, 1, 0, 1, 0]);
    const log = recorded.slice(0, 4);
    expect(await verifyStoreIntegrity(logStore(log, recorded))).toEqual([
      {
        ok: false,
        streamId: 'client-a',
        revision: 2,
        position: 3n,
        reason: 'MISSING_TAIL',
        expectedHash: (recorded[2] as RecordedEvent).metadata.hash,
        foundHash: '',
      },
      { ok: true, streamId: 'client-b', events: 2 },
    ]);
    expect(await verifyStoreIntegrity(logStore([], recorded), { streamId: 'client-b' })).toEqual([
      expect.objectContaining({ ok: false, streamId: 'client-b', revision: 0, reason: 'MISSING_TAIL' }),
    ]);
  });

  it('does not mistake an event appended after the walk for a missing one', async () => {
    const recorded = chainedLog([0, 1, 0]);
    const walked = recorded.slice(0, 2);
    const store = logStore(walked, recorded);
    const readAll = store.readAll.bind(store);
    let pages = 0;
    // The third event is appended while the walk is under way: the walk never sees it, readStream does.
    store.readAll = async (options) => (pages++ === 0 ? readAll(options) : []);
    store.readStream = async (streamId, options = {}) =>
      recorded.filter(
        (event) => event.streamId === streamId && event.revision >= (options.fromRevision ?? 0),
      );
    expect(await verifyStoreIntegrity(store)).toEqual([
      { ok: true, streamId: 'client-a', events: 1 },
      { ok: true, streamId: 'client-b', events: 1 },
    ]);
  });

  it('verifies one stream only when asked, and reports an absent stream as empty', async () => {
    const log = chainedLog([0, 1, 2, 1, 0]);
    log[1] = { ...(log[1] as RecordedEvent), data: { index: 99 } };
    expect(await verifyStoreIntegrity(logStore(log), { streamId: 'client-a' })).toEqual([
      { ok: true, streamId: 'client-a', events: 2 },
    ]);
    expect(await verifyStoreIntegrity(logStore(log), { streamId: 'client-b' })).toEqual([
      expect.objectContaining({ ok: false, streamId: 'client-b', revision: 0, reason: 'HASH_MISMATCH' }),
    ]);
    expect(await verifyStoreIntegrity(logStore(log), { streamId: 'client-zzz' })).toEqual([
      { ok: true, streamId: 'client-zzz', events: 0 },
    ]);
  });
});
