import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { newId } from '@app/platform';
import { DuplicateEventIdError, EventStoreClosedError, WrongExpectedRevisionError } from '../../errors';
import { eventHash } from '../../hash-chain';
import { verifyStoreIntegrity } from '../../integrity';
import type { RecordedEvent } from '../../port';
import {
  describeEventStoreContract,
  eventIds,
  takeEvents,
  testEvent,
  uniqueCategory,
  uniqueStreamId,
} from '../../testing';
import { openSqliteEventStore, type SqliteEventStore, type SqliteEventStoreOptions } from '.';
import { WAL_AUTOCHECKPOINT_PAGES } from './sqlite-schema';
import { WRITER_RESTART_AFTER_MS } from './sqlite-event-store';

/** Counts the pages the store's subscriptions read from the file from now on. */
function watchPageReads(store: SqliteEventStore): jest.SpyInstance {
  return jest.spyOn(store as unknown as { readPageInSnapshot: () => unknown }, 'readPageInSnapshot');
}

function temporaryDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'pruvodce-event-store-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

describeEventStoreContract('SQLite (temp file)', async () => {
  const directory = temporaryDirectory();
  const store = openSqliteEventStore({ filename: join(directory.path, 'events.sqlite') });
  return {
    store,
    dispose: async () => {
      await store.close();
      directory.remove();
    },
  };
});

describeEventStoreContract('SQLite (temp file, writer thread)', async () => {
  const directory = temporaryDirectory();
  const store = openSqliteEventStore({ filename: join(directory.path, 'events.sqlite'), writerThread: true });
  return {
    store,
    dispose: async () => {
      await store.close();
      directory.remove();
    },
  };
});

describeEventStoreContract('SQLite (:memory:)', async () => {
  const store = openSqliteEventStore({ filename: ':memory:' });
  return { store, dispose: () => store.close() };
});

describe('SqliteEventStore (SQLite only)', () => {
  let directory: { path: string; remove(): void };
  let filename: string;
  const opened: SqliteEventStore[] = [];
  const open = (options: Partial<SqliteEventStoreOptions> = {}): SqliteEventStore => {
    const store = openSqliteEventStore({ filename, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    directory = temporaryDirectory();
    filename = join(directory.path, 'events.sqlite');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    directory.remove();
  });

  it('uses WAL and creates its schema once, so a second opening finds the events of the first', async () => {
    const first = open();
    const streamId = uniqueStreamId();
    await first.append(streamId, 'no_stream', [testEvent()]);
    const second = open();
    expect(await second.streamRevision(streamId)).toBe(0);
    const raw = new Database(filename, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('leaves the WAL uncheckpointed past 1,000 pages, so that commits rarely wait for a checkpoint', async () => {
    const store = open();
    const streams = Array.from({ length: 300 }, () => uniqueStreamId());
    for (let index = 0; index < 400; index += 1) {
      await Promise.all(
        [0, 1, 2].map((offset) =>
          store.append(streams[(index * 3 + offset) % streams.length] as string, 'any', [
            testEvent('NoteAdded', { index, offset }),
          ]),
        ),
      );
    }
    const raw = new Database(filename);
    try {
      const [{ log }] = raw.pragma('wal_checkpoint(PASSIVE)') as [{ log: number }];
      expect(log).toBeGreaterThan(1_000);
      expect(log).toBeLessThan(WAL_AUTOCHECKPOINT_PAGES);
    } finally {
      raw.close();
    }
  });

  it('given an append whose error rolls back the whole transaction (a full disk), when committed with others, then every append of the group fails and none is stored', async () => {
    const store = open();
    const before = uniqueStreamId();
    await store.append(before, 'no_stream', [testEvent()]);
    const poisoned = uniqueStreamId();
    // RAISE(ROLLBACK) ends the whole transaction, as SQLITE_FULL or an I/O error do.
    const other = new Database(filename);
    other.exec(
      `CREATE TRIGGER roll_back_all BEFORE INSERT ON events WHEN NEW.stream_id = '${poisoned}'
       BEGIN SELECT RAISE(ROLLBACK, 'disk full'); END`,
    );
    other.close();
    const first = uniqueStreamId();
    const last = uniqueStreamId();

    const outcomes = await Promise.allSettled([
      store.append(first, 'no_stream', [testEvent()]),
      store.append(poisoned, 'no_stream', [testEvent()]),
      store.append(last, 'no_stream', [testEvent()]),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await store.readStream(first)).toEqual([]);
    expect(await store.readStream(last)).toEqual([]);
    expect((await store.readAll({ maxCount: 10 })).map((event) => event.streamId)).toEqual([before]);
    await store.append(last, 'no_stream', [testEvent()]);
    expect(await store.readStream(last)).toHaveLength(1);
  });

  it('assigns global positions without gaps, even when appends in the same group commit fail', async () => {
    const store = open();
    const contested = uniqueStreamId();
    await store.append(contested, 'no_stream', [testEvent()]);
    const reusedId = newId();
    await store.append(uniqueStreamId(), 'no_stream', [testEvent('NoteAdded', {}, reusedId)]);
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 10 }, () =>
        store.append(uniqueStreamId(), 'no_stream', [testEvent(), testEvent()]),
      ),
      store.append(contested, 'no_stream', [testEvent()]),
      store.append(uniqueStreamId(), 'any', [testEvent(), testEvent('NoteAdded', {}, reusedId)]),
      ...Array.from({ length: 10 }, (_, index) => store.append(contested, index, [testEvent()])),
    ]);
    const rejected = outcomes.filter(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    );
    expect(rejected.map((outcome) => (outcome.reason as Error).constructor)).toEqual([
      WrongExpectedRevisionError,
      DuplicateEventIdError,
    ]);
    const all = await store.readAll({ maxCount: 1000 });
    expect(all.map((event) => event.position)).toEqual(all.map((_, index) => BigInt(index + 1)));
    expect(all).toHaveLength(2 + 20 + 10);
    expect(await store.headPosition()).toBe(BigInt(all.length));
    expect(await store.streamRevision(contested)).toBe(10);
  });

  it('stores the data as it was when append was called, even if the caller mutates it before the commit', async () => {
    const store = open();
    const streamId = uniqueStreamId();
    const data = { step: 1 };
    const appended = store.append(streamId, 'no_stream', [testEvent('StepTaken', data)]);
    data.step = 2;
    await appended;
    expect((await store.readStream(streamId))[0]?.data).toEqual({ step: 1 });
  });

  it('never records an event earlier than the one before it, even if the clock steps back', async () => {
    let now = new Date('2025-03-01T12:00:00.000Z');
    const store = open({ now: () => now });
    const first = await store.append(uniqueStreamId(), 'no_stream', [testEvent()]);
    now = new Date('2025-03-01T11:59:00.000Z');
    const second = await store.append(uniqueStreamId(), 'no_stream', [testEvent()]);
    expect(first.events[0]?.recordedAt).toBe('2025-03-01T12:00:00.000Z');
    expect(second.events[0]?.recordedAt).toBe('2025-03-01T12:00:00.000Z');
  });

  it('a second store on the same file (as another process) sees, and is seen by, the first', async () => {
    const writer = open({ pollIntervalMs: 20 });
    const reader = open({ pollIntervalMs: 20 });
    const category = uniqueCategory();
    const subscription = reader.subscribeToAll({ filter: { streamCategories: [category] } });
    try {
      const writes = await Promise.all([
        writer.append(uniqueStreamId(category), 'no_stream', [testEvent(), testEvent()]),
        reader.append(uniqueStreamId(category), 'no_stream', [testEvent()]),
        writer.append(uniqueStreamId(category), 'no_stream', [testEvent()]),
      ]);
      const delivered = await takeEvents(subscription, 4, 5000);
      const written = writes
        .flatMap((result) => result.events)
        .sort((a, b) => Number(a.position - b.position));
      expect(eventIds(delivered)).toEqual(eventIds(written));
      const live = await writer.append(uniqueStreamId(category), 'no_stream', [testEvent()]);
      expect(eventIds(await takeEvents(subscription, 1, 5000))).toEqual(eventIds(live.events));
    } finally {
      await subscription.close();
    }
    const positions = (await writer.readAll()).map((event) => event.position);
    expect(positions).toEqual(positions.map((_, index) => BigInt(index + 1)));
  });

  it.each([
    ['on the event loop', false],
    ['on the writer thread', true],
  ])(
    'given a live subscription, when its own store and another on the same file append in turn (%s), then it delivers every event once, in order, and its own commits without reading them back',
    async (_label, writerThread) => {
      const local = open({ pollIntervalMs: 20, writerThread });
      const other = open({ pollIntervalMs: 20 });
      await local.append(uniqueStreamId(), 'no_stream', [testEvent()]);
      const subscription = local.subscribeToAll();
      try {
        await takeEvents(subscription, 1, 5000);
        const pageReads = watchPageReads(local);
        const ownCommits: RecordedEvent[] = [];
        for (let round = 0; round < 10; round++) {
          ownCommits.push(...(await local.append(uniqueStreamId(), 'no_stream', [testEvent()])).events);
          ownCommits.push(
            ...(await local.append(uniqueStreamId(), 'no_stream', [testEvent(), testEvent()])).events,
          );
          if (round % 3 === 0) await other.append(uniqueStreamId(), 'no_stream', [testEvent()]);
        }
        const all = (await local.readAll()).slice(1);
        const delivered = await takeEvents(subscription, all.length, 5000);
        expect(eventIds(delivered)).toEqual(eventIds(all));
        expect(delivered.map((event) => event.position)).toEqual(all.map((event) => event.position));
        // The other store's four commits, and what followed each, were read; the rest came as committed.
        expect(pageReads.mock.calls.length).toBeLessThan(10);
        expect(delivered.filter((event) => ownCommits.includes(event)).length).toBeGreaterThan(0);
      } finally {
        await subscription.close();
      }
    },
  );

  it('closing the store ends its subscriptions and rejects later calls with a typed error', async () => {
    const store = open();
    const subscription = store.subscribeToAll();
    const consumed = (async () => {
      const received: unknown[] = [];
      for await (const event of subscription) received.push(event);
      return received;
    })();
    await store.close();
    expect(await consumed).toEqual([]);
    await expect(store.append(uniqueStreamId(), 'any', [testEvent()])).rejects.toBeInstanceOf(
      EventStoreClosedError,
    );
    await expect(store.headPosition()).rejects.toMatchObject({ code: 'EVENT_STORE.CLOSED' });
  });

  it('commits appends queued when close() is called before their turn came', async () => {
    const store = open();
    const streamId = uniqueStreamId();
    const appended = store.append(streamId, 'no_stream', [testEvent()]);
    await store.close();
    expect((await appended).nextExpectedRevision).toBe(0);
    const reopened = open();
    expect(await reopened.streamRevision(streamId)).toBe(0);
  });

  describe('the writer thread', () => {
    const writerOf = (store: SqliteEventStore) => (store as unknown as { writer: object }).writer;

    it('commits on a thread of its own only when asked, and never in memory or with a custom clock', () => {
      expect(writerOf(open({ writerThread: true })).constructor.name).toBe('ThreadWriter');
      expect(writerOf(open()).constructor.name).toBe('InlineWriter');
      expect(() => openSqliteEventStore({ filename: ':memory:', writerThread: true })).toThrow(/in-memory/);
      expect(() => open({ writerThread: true, now: () => new Date() })).toThrow(/wall clock/);
    });

    it('given appends arriving while a batch is committed, when it completes, then they go in the next batch, each with its own outcome', async () => {
      const store = open({ writerThread: true });
      const streams = Array.from({ length: 40 }, () => uniqueStreamId());
      const first = await Promise.all(
        streams.map((streamId) => store.append(streamId, 'no_stream', [testEvent()])),
      );
      const again = await Promise.allSettled(
        streams.map((streamId, index) =>
          store.append(streamId, index % 2 === 0 ? 0 : 'no_stream', [testEvent()]),
        ),
      );
      expect(first.map((result) => result.nextExpectedRevision)).toEqual(streams.map(() => 0));
      expect(again.map((outcome) => outcome.status)).toEqual(
        streams.map((_, index) => (index % 2 === 0 ? 'fulfilled' : 'rejected')),
      );
      const rejected = again.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(rejected.reason).toMatchObject({ expected: 'no_stream', actual: 0 });
      const positions = (await store.readAll({ maxCount: 1000 })).map((event) => event.position);
      expect(positions).toEqual(positions.map((_, index) => BigInt(index + 1)));
    });

    it('sends the appends of one burst of work as a batch at once, every batch without waiting, announced in order', async () => {
      const store = open({ writerThread: true });
      const batches: bigint[][] = [];
      // Each committed batch is announced once to the store's append listeners, which feed subscriptions.
      (
        store as unknown as { appendListeners: Set<(appended: readonly RecordedEvent[]) => void> }
      ).appendListeners.add((appended) => batches.push(appended.map((event) => event.position)));
      const burst = (size: number) =>
        Array.from({ length: size }, () => store.append(uniqueStreamId(), 'no_stream', [testEvent()]));

      // Three bursts in one turn of the loop: each leaves at once; the thread may commit them together.
      const first = burst(3);
      await Promise.resolve();
      const second = burst(2);
      await Promise.resolve();
      const third = burst(4);
      await Promise.resolve();
      // No reply can have come back within this turn: all three are on their way together.
      expect((store as unknown as { batchesInFlight: number }).batchesInFlight).toBe(3);
      await Promise.all([...first, ...second, ...third]);

      expect(batches.map((batch) => batch.length)).toEqual([3, 2, 4]);
      expect(batches.flat()).toEqual(Array.from({ length: 9 }, (_, index) => BigInt(index + 1)));
    });

    it('given batches sent in many turns while the thread commits, then each append keeps its own outcome and the log its order', async () => {
      const store = open({ writerThread: true });
      const taken = uniqueStreamId();
      await store.append(taken, 'no_stream', [testEvent()]);
      // Each outcome is taken as it comes: a rejection left unhandled until the end would fail the test run.
      const settle = (append: Promise<unknown>) =>
        append.then(
          () => 'fulfilled',
          (error: unknown) => (error instanceof WrongExpectedRevisionError ? 'rejected' : String(error)),
        );
      const outcomes: Promise<string>[] = [];
      const expected: string[] = [];
      for (let turn = 0; turn < 30; turn += 1) {
        // In each turn one append that must fail (the stream exists) between two that must succeed.
        outcomes.push(
          settle(store.append(uniqueStreamId(), 'no_stream', [testEvent('ThingHappened', { turn })])),
        );
        outcomes.push(settle(store.append(taken, 'no_stream', [testEvent()])));
        outcomes.push(settle(store.append(uniqueStreamId(), 'any', [testEvent('ThingHappened', { turn })])));
        expected.push('fulfilled', 'rejected', 'fulfilled');
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(await Promise.all(outcomes)).toEqual(expected);
      const events = await store.readAll({ maxCount: 1000 });
      expect(events.map((event) => event.position)).toEqual(events.map((_, index) => BigInt(index + 1)));
      expect(events.slice(1).map((event) => event.data.turn)).toEqual(
        Array.from({ length: 30 }, (_, turn) => [turn, turn]).flat(),
      );
    });

    it('given a duplicate event id, when appended on the thread, then the typed error names it', async () => {
      const store = open({ writerThread: true });
      const eventId = newId();
      await store.append(uniqueStreamId(), 'no_stream', [testEvent('ThingHappened', {}, eventId)]);
      await expect(
        store.append(uniqueStreamId(), 'no_stream', [testEvent('ThingHappened', {}, eventId)]),
      ).rejects.toEqual(new DuplicateEventIdError(eventId));
    });

    it('starts no thread until the first append, so a store only read runs none', async () => {
      const store = open({ writerThread: true });
      await store.readAll();
      expect(
        (store as unknown as { writer: { thread: { worker: unknown } } }).writer.thread.worker,
      ).toBeNull();
      await store.append(uniqueStreamId(), 'no_stream', [testEvent()]);
      expect(
        (store as unknown as { writer: { thread: { worker: unknown } } }).writer.thread.worker,
      ).not.toBeNull();
    });

    it('given the thread has stopped, when appending, then a typed error comes back instead of a wait', async () => {
      const store = open({ writerThread: true });
      await store.append(uniqueStreamId(), 'no_stream', [testEvent()]);
      await (
        store as unknown as { writer: { thread: { worker: { terminate(): Promise<number> } } } }
      ).writer.thread.worker.terminate();
      await expect(store.append(uniqueStreamId(), 'no_stream', [testEvent()])).rejects.toMatchObject({
        code: 'EVENT_STORE.WRITER_STOPPED',
      });
    });

    it('given the thread has stopped, when appending after the restart interval, then a new thread commits and nothing earlier is lost', async () => {
      const store = open({ writerThread: true });
      const before = uniqueStreamId();
      await store.append(before, 'no_stream', [testEvent('ThingHappened', { step: 1 })]);
      await (
        store as unknown as { writer: { thread: { worker: { terminate(): Promise<number> } } } }
      ).writer.thread.worker.terminate();
      await new Promise((resolve) => setTimeout(resolve, WRITER_RESTART_AFTER_MS + 100));

      const after = uniqueStreamId();
      await store.append(after, 'no_stream', [testEvent('ThingHappened', { step: 2 })]);
      await store.append(before, 0, [testEvent('ThingHappened', { step: 3 })]);

      expect((await store.readStream(before)).map((event) => event.data)).toEqual([{ step: 1 }, { step: 3 }]);
      expect((await store.readStream(after)).map((event) => event.data)).toEqual([{ step: 2 }]);
    });
  });

  describe('integrity verification against tampering in the file', () => {
    let store: SqliteEventStore;
    let tamperer: Database.Database;
    let victim: string;
    let bystander: string;

    beforeEach(async () => {
      store = open();
      victim = uniqueStreamId();
      bystander = uniqueStreamId('volunteer');
      for (let step = 0; step < 4; step += 1) {
        await store.append(victim, 'any', [testEvent('StepTaken', { step })]);
        await store.append(bystander, 'any', [testEvent('StepTaken', { step })]);
      }
      tamperer = new Database(filename);
    });

    afterEach(() => tamperer.close());

    const positionOf = (revision: number): bigint =>
      tamperer
        .prepare<[string, number], { position: bigint }>(
          'SELECT position FROM events WHERE stream_id = ? AND revision = ?',
        )
        .safeIntegers(true)
        .get(victim, revision)?.position ?? -1n;

    const expectOnlyVictimBroken = async (expected: Record<string, unknown>): Promise<void> => {
      const verdicts = await verifyStoreIntegrity(store, { pageSize: 3 });
      expect(verdicts).toEqual([
        expect.objectContaining({ ok: false, streamId: victim, ...expected }),
        { ok: true, streamId: bystander, events: 4 },
      ]);
    };

    it('reports an untouched store as OK', async () => {
      expect(await verifyStoreIntegrity(store)).toEqual([
        { ok: true, streamId: victim, events: 4 },
        { ok: true, streamId: bystander, events: 4 },
      ]);
    });

    it('detects a modified event', async () => {
      const position = positionOf(1);
      tamperer
        .prepare('UPDATE events SET data = ? WHERE position = ?')
        .run(JSON.stringify({ step: 7 }), position);
      await expectOnlyVictimBroken({ revision: 1, position, reason: 'HASH_MISMATCH' });
    });

    it('detects a removed event', async () => {
      tamperer.prepare('DELETE FROM events WHERE position = ?').run(positionOf(1));
      await expectOnlyVictimBroken({ revision: 2, position: positionOf(2), reason: 'REVISION_GAP' });
    });

    it('detects a reordered (swapped) pair', async () => {
      const [first, second] = [positionOf(1), positionOf(2)];
      tamperer.transaction(() => {
        tamperer.prepare('UPDATE events SET position = -1 WHERE position = ?').run(first);
        tamperer.prepare('UPDATE events SET position = ? WHERE position = ?').run(first, second);
        tamperer.prepare('UPDATE events SET position = ? WHERE position = -1').run(second);
      })();
      await expectOnlyVictimBroken({ revision: 2, position: first, reason: 'REVISION_GAP' });
    });

    it('detects a modified event whose own hash was recomputed, at the next link', async () => {
      const [tampered] = await store.readStream(victim, { fromRevision: 1, maxCount: 1 });
      if (tampered === undefined) throw new Error('fixture missing');
      const data = { step: 7 };
      const rehashed = { ...tampered.metadata, hash: eventHash({ ...tampered, data }) };
      tamperer
        .prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?')
        .run(JSON.stringify(data), JSON.stringify(rehashed), tampered.position);
      const [reread] = await store.readStream(victim, { fromRevision: 1, maxCount: 1 });
      expect(reread?.data).toEqual(data);
      expect(reread && eventHash(reread)).toBe(reread?.metadata.hash);
      await expectOnlyVictimBroken({
        revision: 2,
        position: positionOf(2),
        reason: 'PREV_HASH_MISMATCH',
        expectedHash: rehashed.hash,
        foundHash: tampered.metadata.hash,
      });
    });
  });
});
