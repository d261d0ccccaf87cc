import {
  openSqliteEventStore,
  type RecordedEvent,
  type SqliteEventStore,
  type Subscription,
} from '@app/event-store';
import { SqliteDocumentStore } from './adapters/sqlite';
import type { DocumentStore, DocumentWrite, JsonObject, ProjectionCheckpoint } from './document-store.port';
import { ProjectionTimeoutError } from './errors';
import type { Projection } from './projection';
import type { ProjectionLease } from './projection-lease';
import { ProjectionRunner, type ProjectionLogger } from './projection-runner';
import {
  appendGeneratedEvents,
  tallyEvent,
  tallyProjection,
  type TallyDocument,
} from './testing/projection-fixtures';

/** Folds the whole log in memory: what any correct runner must end up with. */
async function referenceBuild(
  eventStore: SqliteEventStore,
  projection: Projection<TallyDocument>,
): Promise<Map<string, TallyDocument>> {
  const documents = new Map<string, TallyDocument>();
  const events: RecordedEvent[] = await eventStore.readAll({ maxCount: 1_000_000 });
  for (const event of events) {
    if (!projection.handles.includes(event.type)) continue;
    const id = projection.documentId(event);
    if (id === null) continue;
    const next = projection.evolve(documents.get(id) ?? null, event);
    if (next === null) documents.delete(id);
    else documents.set(id, next);
  }
  return documents;
}

async function allDocuments(
  documentStore: DocumentStore,
  collection: string,
): Promise<Map<string, JsonObject>> {
  const page = await documentStore.find(collection, { first: 1000 });
  expect(page.hasNextPage).toBe(false);
  return new Map(page.items.map((item) => [item.id, item.data]));
}

function capturingLogger(): ProjectionLogger & {
  entries: { level: string; fields: Record<string, unknown>; message: string }[];
} {
  const entries: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  return {
    entries,
    info: (fields, message) => entries.push({ level: 'info', fields, message }),
    warn: (fields, message) => entries.push({ level: 'warn', fields, message }),
    error: (fields, message) => entries.push({ level: 'error', fields, message }),
  };
}

const eventually = async (check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** Counts the subscriptions a runner opens on `eventStore`, and how many are open now. */
function countSubscriptions(eventStore: SqliteEventStore): { opened: () => number; open: () => number } {
  const subscribe = eventStore.subscribeToAll.bind(eventStore);
  let opened = 0;
  let closed = 0;
  jest.spyOn(eventStore, 'subscribeToAll').mockImplementation((options) => {
    opened++;
    const subscription = subscribe(options);
    let closedThis = false;
    const counted: Subscription = {
      [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
      close: async () => {
        if (!closedThis) closed++;
        closedThis = true;
        await subscription.close();
      },
      ...(subscription.onScannedTo === undefined
        ? {}
        : { onScannedTo: subscription.onScannedTo.bind(subscription) }),
    };
    return counted;
  });
  return { opened: () => opened, open: () => opened - closed };
}

describe('ProjectionRunner', () => {
  let eventStore: SqliteEventStore;
  let documentStore: SqliteDocumentStore;
  const runners: ProjectionRunner[] = [];
  /** Opens a gate a test closed, so that a failed test cannot leave a runner stuck on it. */
  let release: () => void = () => undefined;

  const runner = (
    projections: Projection<TallyDocument>[],
    overrides: Partial<ConstructorParameters<typeof ProjectionRunner>[0]> = {},
  ): ProjectionRunner => {
    const created = new ProjectionRunner({
      eventStore,
      documentStore,
      projections,
      logger: capturingLogger(),
      retry: { initialDelayMs: 10, maxDelayMs: 40 },
      ...overrides,
    });
    runners.push(created);
    return created;
  };

  beforeEach(() => {
    eventStore = openSqliteEventStore({ filename: ':memory:', pollIntervalMs: 20 });
    documentStore = new SqliteDocumentStore({ filename: ':memory:' });
  });

  afterEach(async () => {
    release();
    for (const created of runners.splice(0)) await created.stop();
    await eventStore.close();
    await documentStore.close();
  });

  it('builds the read model in global order; unhandled events still advance the checkpoint', async () => {
    await appendGeneratedEvents(eventStore, 400, 12);
    const ignoredAtHead = await eventStore.append('other-1', 'no_stream', [tallyEvent('Ignored')]);
    const projection = tallyProjection();
    const subject = runner([projection]);
    subject.start();
    await subject.waitFor(ignoredAtHead.position, ['tallies'], 5000);

    expect(await allDocuments(documentStore, 'tallies_v1')).toEqual(
      await referenceBuild(eventStore, projection),
    );
    // A trailing event no projection handles moves the checkpoint at once; it is stored within the delay.
    await eventually(
      async () => (await documentStore.getCheckpoint('tallies_v1')) === ignoredAtHead.position,
    );
    const status = await subject.status();
    expect(status).toMatchObject({ running: true, leaseHeld: true, headPosition: ignoredAtHead.position });
    expect(status.projections).toEqual([
      expect.objectContaining({
        name: 'tallies',
        collection: 'tallies_v1',
        activeCollection: 'tallies_v1',
        position: ignoredAtHead.position,
        lag: 0n,
        failing: null,
        rebuilding: false,
      }),
    ]);
    expect(await subject.resolveCollection('tallies')).toBe('tallies_v1');
    expect(subject.servingCollection('tallies')).toBe('tallies_v1');

    // Without the lease another runner may switch collections: only the store can answer then.
    await subject.stop();
    expect(subject.servingCollection('tallies')).toBeNull();
    expect(await subject.resolveCollection('tallies')).toBe('tallies_v1');
  });

  it('names each term of its lease: none before it is taken, the same object while held, none from its loss, a new one when taken again', async () => {
    const losses: AbortController[] = [];
    const granted: (() => void)[] = [];
    const lease: ProjectionLease = {
      // Granted whenever the test says so.
      acquire: async (signal) => {
        await new Promise<void>((resolve) => {
          granted.push(resolve);
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        if (signal.aborted) return null;
        const lost = new AbortController();
        losses.push(lost);
        return { lost: lost.signal };
      },
      release: async () => undefined,
    };
    const subject = runner([tallyProjection()], { lease });
    subject.start();
    await eventually(() => granted.length === 1);
    expect(subject.leaseTerm).toBeNull();

    granted[0]?.();
    await eventually(() => subject.leaseTerm !== null);
    const firstTerm = subject.leaseTerm;
    expect(subject.leaseTerm).toBe(firstTerm);

    losses[0]?.abort();
    // From the moment of the loss, before the runner has wound down its batch.
    expect(subject.leaseTerm).toBeNull();
    await eventually(() => granted.length === 2);
    granted[1]?.();
    await eventually(() => subject.leaseTerm !== null);
    expect(subject.leaseTerm).not.toBe(firstTerm);

    await subject.stop();
    expect(subject.leaseTerm).toBeNull();
  });

  describe('batches with no event a projection handles', () => {
    const live = async (subject: ProjectionRunner) => {
      subject.start();
      const handled = await eventStore.append('tally-1', 'no_stream', [tallyEvent('Counted', { amount: 1 })]);
      await subject.waitFor(handled.position, ['tallies'], 5000);
      expect(await documentStore.getCheckpoint('tallies_v1')).toBe(handled.position);
      return handled;
    };
    const ignored = async (stream: string) =>
      (await eventStore.append(stream, 'any', [tallyEvent('Ignored')])).position;

    /** Counts the events the runner's subscriptions hand it, keeping or dropping the store's progress reports. */
    const countDelivered = (reportsProgress: boolean): { delivered: () => RecordedEvent[] } => {
      const subscribe = eventStore.subscribeToAll.bind(eventStore);
      const delivered: RecordedEvent[] = [];
      jest.spyOn(eventStore, 'subscribeToAll').mockImplementation((options) => {
        const subscription = subscribe(options);
        const counted: Subscription = {
          close: () => subscription.close(),
          [Symbol.asyncIterator]: () => {
            const iterator = subscription[Symbol.asyncIterator]();
            return {
              next: async () => {
                const result = await iterator.next();
                if (result.done !== true) delivered.push(result.value);
                return result;
              },
            };
          },
        };
        if (reportsProgress && subscription.onScannedTo !== undefined)
          counted.onScannedTo = subscription.onScannedTo.bind(subscription);
        return counted;
      });
      return { delivered: () => delivered };
    };

    it('given a store that reports progress, when only unhandled events arrive, then none is handed to the runner, yet waitFor and status reach them', async () => {
      const counter = countDelivered(true);
      const subject = runner([tallyProjection()]);
      const handled = await live(subject);
      const last = (
        await eventStore.append(
          'clientAccess-1',
          'any',
          Array.from({ length: 30 }, () => tallyEvent('Ignored')),
        )
      ).position;
      await subject.waitFor(last, ['tallies'], 5000);
      expect((await subject.status()).projections[0]).toMatchObject({ position: last, lag: 0n });
      expect(counter.delivered().map((event) => event.position)).toEqual([handled.position]);
    });

    it('given a store whose subscriptions do not report progress (EventStoreDB), then the runner is handed every event and still reaches them', async () => {
      const counter = countDelivered(false);
      const subject = runner([tallyProjection()]);
      await live(subject);
      const last = await ignored('other-1');
      await subject.waitFor(last, ['tallies'], 5000);
      expect((await subject.status()).projections[0]).toMatchObject({ position: last, lag: 0n });
      expect(counter.delivered().map((event) => event.type)).toContain('Ignored');
    });

    it('given only unhandled events, when they arrive, then the checkpoint moves in memory at once and is stored within the delay', async () => {
      const subject = runner([tallyProjection()], { checkpointOnlyDelayMs: 300 });
      const handled = await live(subject);

      const last = [await ignored('other-1'), await ignored('other-2')].at(-1) as bigint;
      await subject.waitFor(last, ['tallies'], 5000);
      expect((await subject.status()).projections[0]).toMatchObject({ position: last, lag: 0n });
      expect(await documentStore.getCheckpoint('tallies_v1')).toBe(handled.position);

      await eventually(async () => (await documentStore.getCheckpoint('tallies_v1')) === last, 5000);
    });

    it('given a checkpoint kept back, when a handled event follows, then its batch stores the later checkpoint at once', async () => {
      const subject = runner([tallyProjection()], { checkpointOnlyDelayMs: 60_000 });
      await live(subject);
      const skipped = await ignored('other-1');
      await subject.waitFor(skipped, ['tallies'], 5000);

      const next = await eventStore.append('tally-1', 'any', [tallyEvent('Counted', { amount: 2 })]);
      await subject.waitFor(next.position, ['tallies'], 5000);

      expect(await documentStore.getCheckpoint('tallies_v1')).toBe(next.position);
    });

    it('given a checkpoint kept back, when the runner stops, then it is stored, the lease being still its own', async () => {
      const first = runner([tallyProjection()], { checkpointOnlyDelayMs: 60_000 });
      await live(first);
      const skipped = await ignored('other-1');
      await first.waitFor(skipped, ['tallies'], 5000);
      await first.stop();
      expect(await documentStore.getCheckpoint('tallies_v1')).toBe(skipped);
    });

    it('given a checkpoint kept back, when the lease is lost, then it is not stored and a restart reads those events again to the same result', async () => {
      const projection = tallyProjection();
      const lost = new AbortController();
      let granted = false;
      const lease: ProjectionLease = {
        // Granted once; afterwards another instance holds it, so acquiring waits until the runner stops.
        acquire: async (signal) => {
          if (!granted) {
            granted = true;
            return { lost: lost.signal };
          }
          await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
          return null;
        },
        release: async () => undefined,
      };
      const first = runner([projection], { checkpointOnlyDelayMs: 60_000, lease });
      const handled = await live(first);
      const skipped = await ignored('other-1');
      await first.waitFor(skipped, ['tallies'], 5000);
      lost.abort();
      await eventually(() => !first.holdsLease);
      await first.stop();
      expect(await documentStore.getCheckpoint('tallies_v1')).toBe(handled.position);

      const restarted = runner([projection], { checkpointOnlyDelayMs: 60_000 });
      restarted.start();
      await restarted.waitFor(skipped, ['tallies'], 5000);
      expect(await allDocuments(documentStore, 'tallies_v1')).toEqual(
        await referenceBuild(eventStore, projection),
      );
    });

    it('given a delay of 0, when an unhandled event arrives, then its checkpoint is stored with it', async () => {
      const subject = runner([tallyProjection()], { checkpointOnlyDelayMs: 0 });
      await live(subject);
      const skipped = await ignored('other-1');
      await subject.waitFor(skipped, ['tallies'], 5000);
      expect(await documentStore.getCheckpoint('tallies_v1')).toBe(skipped);
    });
  });

  it('applies events in batches of at most maxBatchSize, each committed with its checkpoint', async () => {
    const head = await appendGeneratedEvents(eventStore, 100, 5);
    const batches: { writes: number; checkpoint: bigint }[] = [];
    const applyBatch = documentStore.applyBatch.bind(documentStore);
    jest
      .spyOn(documentStore, 'applyBatch')
      .mockImplementation(async (writes: readonly DocumentWrite[], checkpoint: ProjectionCheckpoint) => {
        batches.push({ writes: writes.length, checkpoint: checkpoint.position });
        return applyBatch(writes, checkpoint);
      });
    const subject = runner([tallyProjection()], { maxBatchSize: 7 });
    subject.start();
    await subject.waitFor(head, ['tallies'], 5000);

    // The runner is handed only the events its projections handle; the others move the checkpoint alone.
    const handles: readonly string[] = tallyProjection().handles;
    const handled = (await eventStore.readAll({ maxCount: 1000 })).filter((event) =>
      handles.includes(event.type),
    );
    await eventually(async () => (await documentStore.getCheckpoint('tallies_v1')) === head);
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(handled.length / 7));
    for (const batch of batches) expect(batch.writes).toBeLessThanOrEqual(7);
    const checkpoints = batches.map((batch) => batch.checkpoint);
    expect(checkpoints).toEqual([...checkpoints].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(checkpoints).size).toBe(checkpoints.length);
    expect(checkpoints.at(-1)).toBe(head);
    expect(checkpoints[0]).toBe(handled[6]?.position);
  });

  it('resumes from its checkpoint: a restarted runner evolves only the new events', async () => {
    const firstHead = await appendGeneratedEvents(eventStore, 150, 6, 7);
    const evolved: bigint[] = [];
    const base = tallyProjection();
    const counting: Projection<TallyDocument> = {
      ...base,
      evolve: (document, event) => (evolved.push(event.position), base.evolve(document, event)),
    };
    const first = runner([counting]);
    first.start();
    await first.waitFor(firstHead, ['tallies'], 5000);
    await first.stop();

    const secondHead = await appendGeneratedEvents(eventStore, 60, 6, 8);
    evolved.length = 0;
    const second = runner([counting]);
    second.start();
    await second.waitFor(secondHead, ['tallies'], 5000);

    expect(evolved.length).toBeGreaterThan(0);
    expect(evolved.every((position) => position > firstHead)).toBe(true);
    expect(await allDocuments(documentStore, 'tallies_v1')).toEqual(await referenceBuild(eventStore, base));
  });

  it('processes live events as they are appended', async () => {
    const subject = runner([tallyProjection()]);
    subject.start();
    for (let round = 0; round < 3; round++) {
      const appended = await eventStore.append('tally-live', 'any', [
        tallyEvent('Counted', { amount: round }),
      ]);
      await subject.waitFor(appended.position, ['tallies'], 2000);
      expect((await documentStore.get<TallyDocument>('tallies_v1', 'tally-live'))?.data.count).toBe(
        round + 1,
      );
    }
  });

  it('given a projection that purges on an event, when a batch holding it is stored, then the store purges what it overwrote, and not for other batches', async () => {
    const purge = jest.spyOn(documentStore, 'purgeOverwritten');
    const subject = runner([tallyProjection(1, { purgesOverwrittenOn: ['Reset'] })]);
    subject.start();
    const counted = await eventStore.append('tally-1', 'no_stream', [tallyEvent('Counted', { amount: 2 })]);
    await subject.waitFor(counted.position, ['tallies'], 5000);
    expect(purge).not.toHaveBeenCalled();

    const reset = await eventStore.append('tally-1', 'any', [tallyEvent('Reset')]);
    await subject.waitFor(reset.position, ['tallies'], 5000);

    expect(purge).toHaveBeenCalledTimes(1);
  });

  it('given a subscription that ends and then fails to close, when the runner goes on, then its projections subscribe again and catch up', async () => {
    await appendGeneratedEvents(eventStore, 20, 3);
    const head = await eventStore.headPosition();
    const subscribe = eventStore.subscribeToAll.bind(eventStore);
    let broken = 0;
    jest.spyOn(eventStore, 'subscribeToAll').mockImplementation((options) => {
      if (broken > 0) return subscribe(options);
      broken += 1;
      const gone: Subscription = {
        [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }),
        close: async () => {
          throw new Error('the connection is already gone');
        },
        // As the store's own: a subscription that reports progress is the one the runner keeps.
        onScannedTo: () => () => undefined,
      };
      return gone;
    });
    const projection = tallyProjection();
    const subject = runner([projection]);
    subject.start();
    await subject.waitFor(head, ['tallies'], 5000);

    // Events after the broken subscription reach the read model only if the runner subscribed again.
    await appendGeneratedEvents(eventStore, 5, 2);
    await subject.waitFor(await eventStore.headPosition(), ['tallies'], 5000);

    expect(await allDocuments(documentStore, 'tallies_v1')).toEqual(
      await referenceBuild(eventStore, projection),
    );
  });

  it('stops at a failing event, reports it without data, retries with backoff and never skips it', async () => {
    const before = await eventStore.append('tally-a', 'no_stream', [tallyEvent('Counted', { amount: 1 })]);
    const poison = await eventStore.append('tally-b', 'no_stream', [
      tallyEvent('Counted', { amount: 2, secret: 'Jana Nováková' }),
    ]);
    const after = await eventStore.append('tally-c', 'no_stream', [tallyEvent('Counted', { amount: 3 })]);
    let broken = true;
    const base = tallyProjection();
    const fragile: Projection<TallyDocument> = {
      ...base,
      evolve: (document, event) => {
        if (broken && event.data.secret !== undefined)
          throw new TypeError(`cannot handle ${JSON.stringify(event.data.secret)}`);
        return base.evolve(document, event);
      },
    };
    const logger = capturingLogger();
    const subject = runner([fragile], { logger });
    subject.start();

    await eventually(async () => ((await subject.status()).projections[0]?.failing?.attempts ?? 0) >= 3);
    const failing = (await subject.status()).projections[0]?.failing;
    expect(failing).toMatchObject({
      kind: 'event',
      eventId: poison.events[0]?.eventId,
      eventType: 'Counted',
      position: poison.position,
      errorName: 'TypeError',
    });
    expect(Date.parse(failing?.nextRetryAt ?? '')).toBeGreaterThan(Date.parse(failing?.since ?? ''));
    expect(await documentStore.getCheckpoint('tallies_v1')).toBe(before.position);
    expect(await documentStore.get('tallies_v1', 'tally-a')).not.toBeNull();
    expect(await documentStore.get('tallies_v1', 'tally-c')).toBeNull();
    await expect(subject.waitFor(after.position, ['tallies'], 50)).rejects.toBeInstanceOf(
      ProjectionTimeoutError,
    );

    const errors = logger.entries.filter((entry) => entry.level === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(errors[0]?.fields).toMatchObject({
      eventId: poison.events[0]?.eventId,
      eventType: 'Counted',
      errorName: 'TypeError',
    });
    expect(
      JSON.stringify(logger.entries, (_key, value: unknown) =>
        typeof value === 'bigint' ? value.toString() : value,
      ),
    ).not.toMatch(/Nov|secret|amount/);

    broken = false;
    await subject.waitFor(after.position, ['tallies'], 2000);
    expect((await subject.status()).projections[0]?.failing).toBeNull();
    expect(await allDocuments(documentStore, 'tallies_v1')).toEqual(await referenceBuild(eventStore, base));
  });

  it('commits the events before a failing one exactly, even if evolve changed the document before throwing', async () => {
    const appended = await eventStore.append('tally-m', 'no_stream', [
      tallyEvent('Counted', { amount: 1 }),
      tallyEvent('Counted', { amount: 2 }),
      tallyEvent('Labelled', { label: 'a' }),
      tallyEvent('Counted', { amount: 3, secret: 'x' }),
    ]);
    const base = tallyProjection();
    const careless: Projection<TallyDocument> = {
      ...base,
      evolve: (document, event) => {
        if (event.data.secret !== undefined && document !== null) {
          document.count = 999;
          document.labels.push('half-done');
          throw new RangeError('gave up halfway');
        }
        return base.evolve(document, event);
      },
    };
    const subject = runner([careless]);
    subject.start();
    await eventually(async () => ((await subject.status()).projections[0]?.failing?.attempts ?? 0) >= 1);

    const beforePoison = appended.events[2]?.position;
    expect(await documentStore.getCheckpoint('tallies_v1')).toBe(beforePoison);
    expect((await documentStore.get<TallyDocument>('tallies_v1', 'tally-m'))?.data).toMatchObject({
      count: 2,
      labels: ['a'],
    });
  });

  it('rebuilds a new version side by side, keeps serving the old one, then switches and drops it', async () => {
    const head = await appendGeneratedEvents(eventStore, 300, 10, 3);
    const v1 = runner([tallyProjection(1)]);
    v1.start();
    await v1.waitFor(head, ['tallies'], 5000);
    await v1.stop();
    const servedByV1 = await allDocuments(documentStore, 'tallies_v1');

    const gate = new Promise<void>((resolve) => (release = resolve));
    const applyBatch = documentStore.applyBatch.bind(documentStore);
    jest.spyOn(documentStore, 'applyBatch').mockImplementation(async (writes, checkpoint) => {
      if (checkpoint.projection === 'tallies_v2') await gate;
      return applyBatch(writes, checkpoint);
    });
    const v2 = runner([tallyProjection(2)], { maxBatchSize: 50 });
    v2.start();
    await eventually(async () => (await documentStore.listCollections()).includes('tallies_v2'));

    expect(await v2.resolveCollection('tallies')).toBe('tallies_v1');
    // The runner answers from memory once prepared, and must agree with the store throughout the switch.
    await eventually(async () => v2.servingCollection('tallies') !== null);
    expect(v2.servingCollection('tallies')).toBe('tallies_v1');
    expect(await allDocuments(documentStore, 'tallies_v1')).toEqual(servedByV1);
    expect((await v2.status()).projections[0]).toMatchObject({
      rebuilding: true,
      collection: 'tallies_v2',
      activeCollection: 'tallies_v1',
    });
    // The old collection still answers for what it has, but not for events only the new version will apply.
    await v2.waitFor(head, ['tallies'], 30);
    const later = await eventStore.append('tally-later', 'no_stream', [tallyEvent('Counted', { amount: 5 })]);
    await expect(v2.waitFor(later.position, ['tallies'], 30)).rejects.toMatchObject({
      code: 'PROJECTION.TIMEOUT',
      behind: ['tallies'],
    });

    release();
    await v2.waitFor(later.position, ['tallies'], 5000);
    expect(await v2.resolveCollection('tallies')).toBe('tallies_v2');
    expect(v2.servingCollection('tallies')).toBe('tallies_v2');
    expect(await documentStore.listCollections()).toEqual(['tallies_v2']);
    expect(await documentStore.getActiveCollection('tallies')).toEqual({
      logicalName: 'tallies',
      physicalName: 'tallies_v2',
      version: 2,
    });
    const rebuilt = await allDocuments(documentStore, 'tallies_v2');
    expect(rebuilt).toEqual(await referenceBuild(eventStore, tallyProjection(2)));
    expect(rebuilt).not.toEqual(servedByV1);
    expect((await v2.status()).projections[0]).toMatchObject({
      rebuilding: false,
      collection: 'tallies_v2',
      activeCollection: 'tallies_v2',
    });
  });

  describe('indexes of a collection filled from scratch', () => {
    /** The order of index-relevant calls: `ensure <collection> deferred|indexed`, `apply <collection> <checkpoint>`, `serve <collection>`. */
    function recordCalls(): string[] {
      const calls: string[] = [];
      const ensureCollection = documentStore.ensureCollection.bind(documentStore);
      jest.spyOn(documentStore, 'ensureCollection').mockImplementation(async (spec, options) => {
        calls.push(`ensure ${spec.name} ${options?.deferIndexes === true ? 'deferred' : 'indexed'}`);
        return ensureCollection(spec, options);
      });
      const applyBatch = documentStore.applyBatch.bind(documentStore);
      jest.spyOn(documentStore, 'applyBatch').mockImplementation(async (writes, checkpoint) => {
        calls.push(`apply ${checkpoint.projection} ${checkpoint.position}`);
        return applyBatch(writes, checkpoint);
      });
      const setActiveCollection = documentStore.setActiveCollection.bind(documentStore);
      jest.spyOn(documentStore, 'setActiveCollection').mockImplementation(async (active) => {
        calls.push(`serve ${active.physicalName}`);
        return setActiveCollection(active);
      });
      return calls;
    }

    it('given a long log, fills a first build without indexes and builds them once it has caught up', async () => {
      const head = await appendGeneratedEvents(eventStore, 300, 10, 5);
      const calls = recordCalls();
      const subject = runner([tallyProjection()], { maxBatchSize: 40, deferIndexesAbove: 100 });
      subject.start();
      await subject.waitFor(head, ['tallies'], 5000);
      await eventually(() => calls.includes('ensure tallies_v1 indexed'));

      expect(calls.filter((call) => call.startsWith('ensure'))).toEqual([
        'ensure tallies_v1 deferred',
        'ensure tallies_v1 deferred',
        'ensure tallies_v1 indexed',
      ]);
      expect(calls.indexOf('ensure tallies_v1 indexed')).toBe(calls.indexOf(`apply tallies_v1 ${head}`) + 1);
      expect(await allDocuments(documentStore, 'tallies_v1')).toEqual(
        await referenceBuild(eventStore, tallyProjection()),
      );
      const later = await eventStore.append('tally-later', 'no_stream', [
        tallyEvent('Counted', { amount: 2 }),
      ]);
      await subject.waitFor(later.position, ['tallies'], 5000);
      expect(calls.filter((call) => call.startsWith('ensure'))).toHaveLength(3);
    });

    it('builds the indexes of a side-by-side rebuild before it starts serving', async () => {
      const head = await appendGeneratedEvents(eventStore, 300, 10, 6);
      const v1 = runner([tallyProjection(1)]);
      v1.start();
      await v1.waitFor(head, ['tallies'], 5000);
      await v1.stop();
      const calls = recordCalls();
      const v2 = runner([tallyProjection(2)], { maxBatchSize: 40, deferIndexesAbove: 100 });
      v2.start();
      await eventually(async () => (await v2.resolveCollection('tallies')) === 'tallies_v2');

      const indexed = calls.indexOf('ensure tallies_v2 indexed');
      expect(calls[0]).toBe('ensure tallies_v2 deferred');
      expect(indexed).toBe(calls.indexOf(`apply tallies_v2 ${head}`) + 1);
      expect(calls.indexOf('serve tallies_v2')).toBeGreaterThan(indexed);
    });

    it('given a short log, or a collection already written, indexes as it goes', async () => {
      const head = await appendGeneratedEvents(eventStore, 60, 6, 7);
      const calls = recordCalls();
      const first = runner([tallyProjection()], { deferIndexesAbove: 100 });
      first.start();
      await first.waitFor(head, ['tallies'], 5000);
      await first.stop();
      const more = await appendGeneratedEvents(eventStore, 200, 6, 8);
      const second = runner([tallyProjection()], { deferIndexesAbove: 100 });
      second.start();
      await second.waitFor(more, ['tallies'], 5000);

      expect(calls.filter((call) => call.startsWith('ensure'))).toEqual([
        'ensure tallies_v1 indexed',
        'ensure tallies_v1 indexed',
        'ensure tallies_v1 indexed',
      ]);
    });
  });

  it('times out waitFor with a typed error naming the projections behind, and rejects unknown names', async () => {
    const subject = runner([tallyProjection()]);
    subject.start();
    const appended = await eventStore.append('tally-x', 'no_stream', [tallyEvent('Counted', { amount: 1 })]);
    await subject.waitFor(appended.position, ['tallies'], 2000);
    const error: unknown = await subject
      .waitFor(appended.position + 10n, ['tallies'], 40)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProjectionTimeoutError);
    expect(error).toMatchObject({
      code: 'PROJECTION.TIMEOUT',
      behind: ['tallies'],
      position: appended.position + 10n,
      timeoutMs: 40,
    });
    await expect(subject.waitFor(1n, ['nope'], 10)).rejects.toMatchObject({ code: 'PROJECTION.UNKNOWN' });
  });

  describe('sharing one pass over the log', () => {
    const named = (
      name: string,
      overrides: Partial<Projection<TallyDocument>> = {},
    ): Projection<TallyDocument> => tallyProjection(1, { name, ...overrides });

    it('reads the log once for projections at the same checkpoint, on a first build and on a restart', async () => {
      const firstHead = await appendGeneratedEvents(eventStore, 1200, 40, 11);
      const subscriptions = countSubscriptions(eventStore);
      const projections = [named('tallies'), named('tallies_b'), named('tallies_c')];
      const names = projections.map((projection) => projection.name);
      const first = runner(projections, { maxBatchSize: 100 });
      first.start();
      await first.waitFor(firstHead, names, 5000);
      const live = await eventStore.append('tally-live', 'any', [tallyEvent('Counted', { amount: 4 })]);
      await first.waitFor(live.position, names, 2000);
      expect(subscriptions.opened()).toBe(1);
      await first.stop();
      expect(subscriptions.open()).toBe(0);

      const secondHead = await appendGeneratedEvents(eventStore, 300, 40, 12);
      const second = runner(projections, { maxBatchSize: 100 });
      second.start();
      await second.waitFor(secondHead, names, 5000);
      expect(subscriptions.opened()).toBe(2);
      for (const projection of projections) {
        expect(await allDocuments(documentStore, `${projection.name}_v1`)).toEqual(
          await referenceBuild(eventStore, projection),
        );
        expect(await documentStore.getCheckpoint(`${projection.name}_v1`)).toBe(secondHead);
      }
    });

    it('builds a projection far behind on its own pass without holding back live ones, then merges', async () => {
      const head = await appendGeneratedEvents(eventStore, 1500, 30, 5);
      const live = [named('tallies'), named('tallies_b')];
      const built = runner(live);
      built.start();
      await built.waitFor(head, ['tallies', 'tallies_b'], 5000);
      await built.stop();

      const subscriptions = countSubscriptions(eventStore);
      const gate = new Promise<void>((resolve) => (release = resolve));
      const applyBatch = documentStore.applyBatch.bind(documentStore);
      jest.spyOn(documentStore, 'applyBatch').mockImplementation(async (writes, checkpoint) => {
        if (checkpoint.projection === 'tallies_new_v1') await gate;
        return applyBatch(writes, checkpoint);
      });
      const fresh = named('tallies_new');
      const subject = runner([...live, fresh], { maxBatchSize: 50 });
      subject.start();
      const appended = await eventStore.append('tally-live', 'any', [tallyEvent('Counted', { amount: 9 })]);
      await subject.waitFor(appended.position, ['tallies', 'tallies_b'], 2000);
      expect(subscriptions.open()).toBe(2);
      expect(await documentStore.getCheckpoint('tallies_new_v1')).toBeNull();

      release();
      await subject.waitFor(appended.position, ['tallies_new'], 5000);
      await eventually(() => subscriptions.open() === 1);
      const later = await eventStore.append('tally-live', 'any', [tallyEvent('Labelled', { label: 'x' })]);
      await subject.waitFor(later.position, ['tallies', 'tallies_b', 'tallies_new'], 2000);
      expect(subscriptions.opened()).toBe(2);
      for (const projection of [...live, fresh]) {
        expect(await allDocuments(documentStore, `${projection.name}_v1`)).toEqual(
          await referenceBuild(eventStore, projection),
        );
      }
    });

    it('takes a failing projection out of the pass: the others go on, it retries, catches up and rejoins', async () => {
      const before = await appendGeneratedEvents(eventStore, 300, 20, 9);
      const poison = await eventStore.append('tally-p', 'no_stream', [
        tallyEvent('Counted', { amount: 2, secret: 'Jana Nováková' }),
      ]);
      const after = await appendGeneratedEvents(eventStore, 300, 20, 10);
      let broken = true;
      const base = named('tallies_fragile');
      const fragile: Projection<TallyDocument> = {
        ...base,
        evolve: (document, event) => {
          if (broken && event.data.secret !== undefined) throw new TypeError('cannot handle it');
          return base.evolve(document, event);
        },
      };
      const subscriptions = countSubscriptions(eventStore);
      const healthy = [named('tallies'), named('tallies_b')];
      const logger = capturingLogger();
      const subject = runner([...healthy, fragile], { logger, maxBatchSize: 100 });
      subject.start();

      await subject.waitFor(after, ['tallies', 'tallies_b'], 5000);
      const live = await eventStore.append('tally-live', 'any', [tallyEvent('Counted', { amount: 1 })]);
      await subject.waitFor(live.position, ['tallies', 'tallies_b'], 2000);
      await eventually(
        async () =>
          ((await subject.status()).projections.find((status) => status.name === 'tallies_fragile')?.failing
            ?.attempts ?? 0) >= 3,
      );
      const statuses = (await subject.status()).projections;
      expect(statuses.find((status) => status.name === 'tallies_fragile')?.failing).toMatchObject({
        kind: 'event',
        eventId: poison.events[0]?.eventId,
        position: poison.position,
      });
      expect(statuses.filter((status) => status.failing !== null).map((status) => status.name)).toEqual([
        'tallies_fragile',
      ]);
      expect(await documentStore.getCheckpoint('tallies_fragile_v1')).toBe(before);
      await expect(subject.waitFor(poison.position, ['tallies_fragile'], 30)).rejects.toMatchObject({
        code: 'PROJECTION.TIMEOUT',
        behind: ['tallies_fragile'],
      });
      expect(
        logger.entries.filter((entry) => entry.level === 'error').map((entry) => entry.fields.projection),
      ).toEqual(expect.arrayContaining(['tallies_fragile']));
      expect(
        logger.entries
          .filter((entry) => entry.level === 'error')
          .every((entry) => entry.fields.projection === 'tallies_fragile'),
      ).toBe(true);

      broken = false;
      await subject.waitFor(live.position, ['tallies_fragile'], 5000);
      expect((await subject.status()).projections.every((status) => status.failing === null)).toBe(true);
      await eventually(() => subscriptions.open() === 1);
      const later = await eventStore.append('tally-live', 'any', [tallyEvent('Counted', { amount: 3 })]);
      await subject.waitFor(later.position, ['tallies', 'tallies_b', 'tallies_fragile'], 2000);
      for (const projection of [...healthy, base]) {
        expect(await allDocuments(documentStore, `${projection.name}_v1`)).toEqual(
          await referenceBuild(eventStore, projection),
        );
      }
    });
  });
});

describe('ProjectionRunner with no projections', () => {
  it('given an empty projection list, when started and stopped, then it idles instead of spinning', async () => {
    const eventStore = openSqliteEventStore({ filename: ':memory:' });
    const documentStore = new SqliteDocumentStore({ filename: ':memory:' });
    const runner = new ProjectionRunner({ eventStore, documentStore, projections: [] });
    runner.start();
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const used = process.cpuUsage(before);
    await runner.stop();
    // A spinning supervisor burns the whole 200 ms; an idle one barely registers.
    expect((used.user + used.system) / 1000).toBeLessThan(50);
    await documentStore.close();
    await eventStore.close();
  });
});
