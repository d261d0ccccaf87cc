import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import { errorCodeOf, errorNameOf } from '@app/platform/error-facts';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type {
  ActiveCollection,
  DocumentState,
  DocumentStore,
  DocumentWrite,
  JsonObject,
} from './document-store.port';
import {
  InvalidProjectionError,
  ProjectionNotReadyError,
  ProjectionTimeoutError,
  UnknownProjectionError,
} from './errors';
import { EventBatcher, sleep, type EventBatch } from './event-batcher';
import { assertValidProjection, physicalCollectionName, type Projection } from './projection';
import { NoopProjectionLease, type HeldLease, type ProjectionLease } from './projection-lease';
import { assertDocumentMatchesSpec } from './query-model';

/** pino-compatible; the runner logs ids, types, positions and error names, never event data or error messages. */
export interface ProjectionLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface ProjectionRunnerOptions {
  readonly eventStore: Pick<EventStore, 'subscribeToAll' | 'headPosition'>;
  readonly documentStore: DocumentStore;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each projection has its own document type
  readonly projections: readonly Projection<any>[];
  /** Default: no lease (the embedded single process). */
  readonly lease?: ProjectionLease;
  readonly logger?: ProjectionLogger;
  /** Default 500 events. */
  readonly maxBatchSize?: number;
  /**
   * Projections whose checkpoints lie at most this many position units apart share one pass over the log, the
   * ones ahead skipping what they have; farther apart, each group reads on its own until it catches up with
   * another, then they merge (so that a rebuild from scratch does not hold back projections that are live).
   * Default: `maxBatchSize`, which covers checkpoints left one batch apart by a crash (SQLite positions have no
   * gaps; EventStoreDB's are wider, so there such projections may read apart until they meet at the head).
   */
  readonly sharedPassWindow?: number;
  /** Longest time spent gathering one batch while catching up; default 50 ms. */
  readonly maxBatchWaitMs?: number;
  /** Exponential backoff after a failure: default from 500 ms doubling up to 60 s. */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /**
   * Projections to rebuild side by side even though their version did not change (the `rebuild` CLI): into
   * `<name>_v<version>_rebuild`, or back into `<name>_v<version>` when that one is serving.
   */
  readonly forceRebuild?: readonly string[];
  /**
   * A collection built from scratch while the head of the log lies past this position (SQLite: this many
   * events; EventStoreDB's positions grow faster, so there it is almost always) is filled without its indexes,
   * which are built once it has caught up (and before a side-by-side rebuild starts serving). Default 10,000.
   */
  readonly deferIndexesAbove?: number;
  /**
   * A batch with no event a projection handles (access records, mostly) moves its checkpoint in memory at once,
   * so `waitFor` and `status` see it, and in the store within this many milliseconds, or with the next batch
   * it handles, whichever comes first. A stop or a crash in between only means those events are read again.
   * 0 stores every batch's checkpoint at once. Default 200 ms.
   */
  readonly checkpointOnlyDelayMs?: number;
}

export interface ProjectionFailure {
  /** `event`: the projection threw on that event; `store`: reading or writing the stores failed. */
  readonly kind: 'event' | 'store';
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly position: bigint | null;
  readonly errorName: string;
  readonly errorCode: string | null;
  readonly attempts: number;
  readonly since: string;
  readonly nextRetryAt: string;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  /** The physical collection this runner writes. */
  readonly collection: string;
  /** The physical collection queries read; differs from `collection` while rebuilding side by side. */
  readonly activeCollection: string | null;
  readonly rebuilding: boolean;
  /** Checkpoint of `collection`; 0n before the first event. */
  readonly position: bigint;
  readonly headPosition: bigint;
  /** `headPosition - position`, in position units (EventStoreDB positions have gaps, SQLite's do not). */
  readonly lag: bigint;
  readonly failing: ProjectionFailure | null;
}

export interface ProjectionRunnerStatus {
  readonly running: boolean;
  readonly leaseHeld: boolean;
  readonly headPosition: bigint;
  readonly projections: readonly ProjectionStatus[];
}

const DEFAULT_DEFER_INDEXES_ABOVE = 10_000;

interface ProjectionState {
  readonly projection: Projection;
  readonly handles: ReadonlySet<string>;
  prepared: boolean;
  /** The collection being written. */
  target: string;
  /** The collection queries read; equal to `target` unless rebuilding. */
  active: ActiveCollection | null;
  position: bigint | null;
  /** How far the collection queries read reflects the log; what `waitFor` waits on. */
  servingPosition: bigint | null;
  failure: ProjectionFailure | null;
  /** Consecutive failures since the last successful batch; drives the backoff. */
  attempts: number;
  forceRebuild: boolean;
  /** The target is being filled from scratch without its indexes, which are built once it has caught up. */
  indexesDeferred: boolean;
  /** A checkpoint past events the projection does not handle, not yet stored (`checkpointOnlyDelayMs`). */
  unstoredCheckpoint: bigint | null;
  unstoredCheckpointTimer: NodeJS.Timeout | undefined;
  /** This projection's writes to the document store, one after another, so checkpoints never go back. */
  storing: Promise<unknown>;
}

/** One subscription to the log, shared by the projections it feeds. */
interface Pass {
  readonly members: Set<ProjectionState>;
  /** Position the subscription has been read to (its last event, or past events no member handles). */
  position: bigint | null;
  closed: boolean;
}

/** One tenure of the lease: the open passes, and every background task, so that stopping can await them. */
interface FollowSession {
  readonly signal: AbortSignal;
  readonly passes: Set<Pass>;
  readonly tasks: Set<Promise<void>>;
}

interface Waiter {
  readonly position: bigint;
  readonly names: readonly string[];
  readonly resolve: () => void;
}

/** The projection threw on `event`; events before it in the batch are committed. */
class ProjectionEventFailure extends Error {
  constructor(
    readonly event: RecordedEvent,
    override readonly cause: unknown,
  ) {
    super('projection failed on an event');
  }
}

/** Orders "before the first event" (`null`) ahead of every position. */
const ordinal = (position: bigint | null): bigint => position ?? -1n;

const DEFAULT_CHECKPOINT_ONLY_DELAY_MS = 200;
/**
 * How long progress past events no projection handles is gathered before the runner applies it: under read load
 * a commit of access records every few hundred microseconds would otherwise wake it each time. Status and lag
 * trail by at most this; `waitFor` hurries it.
 */
const PROGRESS_DELAY_MS = 25;

const stderrLogger: ProjectionLogger = {
  info: (fields, message) =>
    process.stderr.write(`${JSON.stringify({ level: 'info', ...stringifyBigints(fields), msg: message })}\n`),
  warn: (fields, message) =>
    process.stderr.write(`${JSON.stringify({ level: 'warn', ...stringifyBigints(fields), msg: message })}\n`),
  error: (fields, message) =>
    process.stderr.write(
      `${JSON.stringify({ level: 'error', ...stringifyBigints(fields), msg: message })}\n`,
    ),
};

function stringifyBigints(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [key, typeof value === 'bigint' ? value.toString() : value]),
  );
}

/**
 * Applies events to projections in global order, each projection from its own checkpoint, in batches whose
 * documents and checkpoint are stored together. Projections at (nearly) the same checkpoint share one pass over
 * the log, so that the log is read, and its personal data opened, once rather than once per projection; a
 * projection that fails leaves the pass, retries on its own with backoff and merges back once it has caught up.
 * A projection whose version changed is rebuilt into a new collection while the old one keeps serving, then
 * switched to and the old one dropped.
 */
export class ProjectionRunner {
  private readonly states = new Map<string, ProjectionState>();
  private readonly waiters = new Set<Waiter>();
  /** The batchers of the passes reading now, to hurry progress along for a waiter. */
  private readonly batchers = new Set<EventBatcher>();
  private readonly lease: ProjectionLease;
  private readonly logger: ProjectionLogger;
  private readonly maxBatchSize: number;
  private readonly maxBatchWaitMs: number;
  private readonly sharedPassWindow: bigint;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly checkpointOnlyDelayMs: number;
  /** Every event type some projection handles: what passes subscribe to (`subscribe`). */
  private readonly handledTypes: readonly string[];
  /** Whether the store's subscriptions report progress past what they filter out; null until first asked. */
  private storeReportsScanned: boolean | null = null;
  private stopController: AbortController | null = null;
  private supervisor: Promise<void> | null = null;
  /** The lease as taken, until this runner stops following the log under it. */
  private heldLease: HeldLease | null = null;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.lease = options.lease ?? new NoopProjectionLease();
    this.logger = options.logger ?? stderrLogger;
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.maxBatchWaitMs = options.maxBatchWaitMs ?? 50;
    this.sharedPassWindow = BigInt(options.sharedPassWindow ?? this.maxBatchSize);
    this.initialDelayMs = options.retry?.initialDelayMs ?? 500;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 60_000;
    this.checkpointOnlyDelayMs = options.checkpointOnlyDelayMs ?? DEFAULT_CHECKPOINT_ONLY_DELAY_MS;
    for (const name of options.forceRebuild ?? []) {
      if (!options.projections.some((projection) => projection.name === name))
        throw new UnknownProjectionError(name);
    }
    for (const projection of options.projections as readonly Projection[]) {
      assertValidProjection(projection);
      if (this.states.has(projection.name))
        throw new InvalidProjectionError(projection.name, 'declared twice');
      this.states.set(projection.name, {
        projection,
        handles: new Set(projection.handles),
        prepared: false,
        target: physicalCollectionName(projection),
        active: null,
        position: null,
        servingPosition: null,
        failure: null,
        attempts: 0,
        forceRebuild: options.forceRebuild?.includes(projection.name) ?? false,
        indexesDeferred: false,
        unstoredCheckpoint: null,
        unstoredCheckpointTimer: undefined,
        storing: Promise.resolve(),
      });
    }
    this.handledTypes = [...new Set([...this.states.values()].flatMap((state) => [...state.handles]))];
  }

  /** Starts following the log in the background (after acquiring the lease); returns at once. */
  start(): void {
    if (this.supervisor !== null) return;
    const stop = new AbortController();
    this.stopController = stop;
    this.supervisor = this.supervise(stop.signal);
  }

  /** Whether this runner holds the lease now, and so moves its projections' positions. */
  get holdsLease(): boolean {
    return this.heldLease !== null;
  }

  /**
   * The lease this runner holds now, one object per taking of it; null before it is taken, from the moment it is
   * lost, and after it is given up. While it stays the same object, no other runner writes the read models: a
   * document store may trust what it wrote itself (`SqliteDocumentStore.serveCopiesUncheckedWhile`).
   */
  get leaseTerm(): object | null {
    const held = this.heldLease;
    return held === null || held.lost.aborted ? null : held;
  }

  /** Stops after the batch in progress, and releases the lease. */
  async stop(): Promise<void> {
    this.stopController?.abort();
    await this.supervisor;
    this.supervisor = null;
    this.stopController = null;
  }

  /**
   * Resolves once each named projection's served collection reflects `position` (read-your-writes).
   * Rejects with `ProjectionTimeoutError` (`PROJECTION.TIMEOUT`) after `timeoutMs`.
   */
  waitFor(position: bigint, projectionNames: readonly string[], timeoutMs: number): Promise<void> {
    for (const name of projectionNames)
      if (!this.states.has(name)) return Promise.reject(new UnknownProjectionError(name));
    if (this.reached(position, projectionNames)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new ProjectionTimeoutError(position, this.behind(position, projectionNames), timeoutMs));
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        names: projectionNames,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.add(waiter);
      // Progress past unhandled events is gathered for a while before it is applied; a waiter needs it now.
      for (const batcher of this.batchers) batcher.hurry();
    });
  }

  /** The physical collection queries on `logicalName` must read now. */
  async resolveCollection(logicalName: string): Promise<string> {
    if (!this.states.has(logicalName)) throw new UnknownProjectionError(logicalName);
    return (
      this.servingCollection(logicalName) ?? resolveActiveCollection(this.options.documentStore, logicalName)
    );
  }

  /**
   * The collection serving `logicalName`, without asking the store, while this runner holds the lease: then
   * only it switches collections, and it updates this answer in the same step as the store. Null otherwise.
   */
  servingCollection(logicalName: string): string | null {
    const state = this.states.get(logicalName);
    if (!this.holdsLease || state === undefined || !state.prepared) return null;
    return state.active?.physicalName ?? null;
  }

  async status(): Promise<ProjectionRunnerStatus> {
    const head = await this.options.eventStore.headPosition();
    return {
      running: this.supervisor !== null,
      leaseHeld: this.holdsLease,
      headPosition: head,
      projections: [...this.states.values()].map((state) => {
        const position = state.position ?? 0n;
        return {
          name: state.projection.name,
          version: state.projection.version,
          collection: state.target,
          activeCollection: state.active?.physicalName ?? null,
          rebuilding: this.rebuilding(state),
          position,
          headPosition: head,
          lag: head > position ? head - position : 0n,
          failing: state.failure,
        };
      }),
    };
  }

  private async supervise(stop: AbortSignal): Promise<void> {
    // With nothing to project, following the log would spin on an always-granted lease: just wait to be stopped.
    if (this.states.size === 0) {
      if (!stop.aborted)
        await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
      return;
    }
    while (!stop.aborted) {
      const held = await this.lease.acquire(stop);
      if (held === null) break;
      this.heldLease = held;
      const running = AbortSignal.any([stop, held.lost]);
      try {
        await this.followAll(running, held.lost);
      } finally {
        this.heldLease = null;
      }
      if (held.lost.aborted && !stop.aborted)
        this.logger.warn({}, 'projection lease lost; waiting to reacquire');
      // Another runner may change active collections meanwhile, so state is prepared afresh after reacquiring.
      for (const state of this.states.values()) state.prepared = false;
    }
    await this.lease.release();
  }

  /** Follows the log for every projection until `signal` aborts (stop, or the lease was `lost`). */
  private async followAll(signal: AbortSignal, lost: AbortSignal): Promise<void> {
    const session: FollowSession = { signal, passes: new Set(), tasks: new Set() };
    for (const state of this.states.values()) state.attempts = 0;
    this.launch(session, [...this.states.values()]);
    if (!signal.aborted)
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    // Tasks may start others while finishing (a pass handing back its members), so drain until none is left.
    while (session.tasks.size > 0) await Promise.all([...session.tasks]);
    // After a stop the lease is still ours, so checkpoints kept back are stored. After losing it they are not:
    // the lease may be another runner's by now, and those events are read again.
    for (const state of this.states.values()) {
      if (lost.aborted) this.dropUnstoredCheckpoint(state);
      else await this.storeUnstoredCheckpoint(state);
    }
  }

  private track(session: FollowSession, task: Promise<void>): void {
    const guarded = task.catch((error: unknown) =>
      this.logger.error({ errorName: errorNameOf(error) }, 'projection runner task failed unexpectedly'),
    );
    session.tasks.add(guarded);
    void guarded.finally(() => session.tasks.delete(guarded));
  }

  private launch(session: FollowSession, members: readonly ProjectionState[]): void {
    this.track(session, this.startFollowing(session, members));
  }

  /** Prepares `members`, then puts them in passes: an open one close enough behind them, or new ones. */
  private async startFollowing(session: FollowSession, members: readonly ProjectionState[]): Promise<void> {
    const ready: ProjectionState[] = [];
    for (const state of members) {
      if (session.signal.aborted) return;
      try {
        if (!state.prepared) await this.prepare(state);
        // Restarting after a failure: what it kept back is true, and the stored checkpoint must not lag it.
        await this.storeUnstoredCheckpoint(state);
        this.advance(state, await this.options.documentStore.getCheckpoint(state.target));
        await this.switchIfCaughtUp(state);
        ready.push(state);
      } catch (error) {
        if (session.signal.aborted) return;
        this.retryLater(session, [state], error);
      }
    }
    if (session.signal.aborted) return;
    for (const group of this.groupByCheckpoint(ready)) {
      const from = (group[0] as ProjectionState).position;
      const joinable = [...session.passes].find(
        (pass) =>
          !pass.closed &&
          ordinal(pass.position) <= ordinal(from) &&
          ordinal(from) - ordinal(pass.position) <= this.sharedPassWindow,
      );
      if (joinable !== undefined) {
        for (const state of group) joinable.members.add(state);
        continue;
      }
      const pass: Pass = { members: new Set(group), position: from, closed: false };
      session.passes.add(pass);
      this.track(session, this.runPass(session, pass));
    }
  }

  /** Groups of projections whose checkpoints lie within the shared-pass window, each sorted by checkpoint. */
  private groupByCheckpoint(states: readonly ProjectionState[]): ProjectionState[][] {
    const sorted = [...states].sort((a, b) => {
      const difference = ordinal(a.position) - ordinal(b.position);
      return difference < 0n ? -1 : difference > 0n ? 1 : 0;
    });
    const groups: ProjectionState[][] = [];
    for (const state of sorted) {
      const group = groups.at(-1);
      const first = group?.[0];
      if (group !== undefined && first !== undefined) {
        if (ordinal(state.position) - ordinal(first.position) <= this.sharedPassWindow) {
          group.push(state);
          continue;
        }
      }
      groups.push([state]);
    }
    return groups;
  }

  /** Reads the log once for the pass's members, from the lowest of their checkpoints. */
  private async runPass(session: FollowSession, pass: Pass): Promise<void> {
    const { signal } = session;
    let subscription: Subscription | undefined;
    let batcher: EventBatcher | undefined;
    let readFailure: { error: unknown } | null = null;
    try {
      subscription = this.subscribe(pass.position);
      batcher = new EventBatcher(
        subscription[Symbol.asyncIterator](),
        this.maxBatchSize,
        this.maxBatchWaitMs,
        subscription.onScannedTo?.bind(subscription),
        PROGRESS_DELAY_MS,
      );
      this.batchers.add(batcher);
      for (let batch = await batcher.next(signal); batch !== null; batch = await batcher.next(signal)) {
        const previous = pass.position;
        pass.position = batch.scannedTo;
        await this.dispatch(session, pass, batch);
        if (pass.members.size === 0 || this.mergeIfCaughtUp(session, pass, previous)) break;
        // While catching up, reading, opening and storing all complete as microtasks: without a turn of the
        // event loop per batch, timers (lease renewal, metrics), I/O and the native memory V8 frees in
        // tasks (crypto contexts of opened personal data) would wait for the whole rebuild.
        await yieldToEventLoop();
      }
    } catch (error) {
      readFailure = { error };
    }
    // Closed before any await, so that no other pass merges into one that has stopped reading.
    pass.closed = true;
    session.passes.delete(pass);
    const orphans = [...pass.members];
    pass.members.clear();
    if (batcher !== undefined) {
      batcher.close();
      this.batchers.delete(batcher);
    }
    // A subscription that fails to close (a connection already gone) must not strand the pass's members: they
    // are retried as after a failed read.
    await subscription?.close().catch((error: unknown) => {
      readFailure ??= { error };
    });
    if (signal.aborted || orphans.length === 0) return;
    if (readFailure !== null) {
      // Reading the log failed: the members are equally behind, so they retry together on one pass.
      this.retryLater(session, orphans, readFailure.error);
      return;
    }
    // The subscription ended without being asked to: resubscribe, but not in a tight loop.
    await sleep(this.initialDelayMs, signal);
    if (!signal.aborted) this.launch(session, orphans);
  }

  /**
   * A subscription to the events some projection handles, where the store reports progress past the others
   * (the embedded store): access records, most of the log under read load, then neither wake the runner nor
   * pass through it one by one. Elsewhere (EventStoreDB), every event, each moving the checkpoints on.
   */
  private subscribe(after: bigint | null): Subscription {
    const from = after === null ? {} : { after };
    const store = this.options.eventStore;
    if (this.storeReportsScanned === false || this.handledTypes.length === 0)
      return store.subscribeToAll(from);
    const filtered = store.subscribeToAll({ ...from, filter: { eventTypes: this.handledTypes } });
    this.storeReportsScanned = filtered.onScannedTo !== undefined;
    if (this.storeReportsScanned) return filtered;
    // Without progress reports, checkpoints would stall behind every event no projection handles.
    void filtered.close().catch(() => undefined);
    return store.subscribeToAll(from);
  }

  /**
   * Hands each member the events of `batch` past its own checkpoint, or moves its checkpoint to where the batch
   * was read to when no event of it is left for the member. A member that fails leaves the pass and retries on
   * its own; the others carry on.
   */
  private async dispatch(session: FollowSession, pass: Pass, batch: EventBatch): Promise<void> {
    await Promise.all(
      [...pass.members].map(async (state) => {
        const after = state.position;
        if (after !== null && after >= batch.scannedTo) return;
        const events = after === null ? batch.events : batch.events.filter((event) => event.position > after);
        try {
          if (events.length === 0) await this.skipTo(session, state, batch.scannedTo);
          else await this.apply(session, state, events);
          if (state.failure !== null) {
            this.logger.info(
              { projection: state.projection.name, attempts: state.attempts },
              'projection recovered',
            );
            state.failure = null;
            state.attempts = 0;
          }
          await this.buildDeferredIndexesIfCaughtUp(state);
          await this.switchIfCaughtUp(state);
        } catch (error) {
          if (session.signal.aborted) return;
          pass.members.delete(state);
          this.retryLater(session, [state], error);
        }
      }),
    );
  }

  /**
   * Moves the pass's members into another pass that this batch has just reached (its position lies within the
   * batch), so that from now on one subscription serves them all. Members then skip at most one batch of the
   * other pass, never wait for it to read a long way.
   */
  private mergeIfCaughtUp(session: FollowSession, pass: Pass, previous: bigint | null): boolean {
    let floor: bigint | null = null;
    for (const state of pass.members) {
      if (floor === null || ordinal(state.position) < floor) floor = ordinal(state.position);
    }
    if (floor === null) return false;
    for (const other of session.passes) {
      if (other === pass || other.closed || other.position === null) continue;
      if (other.position > ordinal(previous) && other.position <= floor) {
        for (const state of pass.members) other.members.add(state);
        this.logger.info(
          { projections: [...pass.members].map((state) => state.projection.name), position: other.position },
          'projections caught up; sharing one pass over the log',
        );
        pass.members.clear();
        return true;
      }
    }
    return false;
  }

  /** Records the failure of `members`, then starts them again from their checkpoints after the backoff. */
  private retryLater(session: FollowSession, members: readonly ProjectionState[], error: unknown): void {
    const backoff = (attempts: number): number =>
      Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** Math.min(attempts - 1, 30));
    for (const state of members) state.attempts += 1;
    const delayMs = Math.max(...members.map((state) => backoff(state.attempts)));
    for (const state of members) {
      state.failure = this.describeFailure(error, state.attempts, state.failure, delayMs);
      this.logger.error(
        {
          projection: state.projection.name,
          kind: state.failure.kind,
          eventId: state.failure.eventId,
          eventType: state.failure.eventType,
          position: state.failure.position,
          errorName: state.failure.errorName,
          errorCode: state.failure.errorCode,
          attempts: state.attempts,
          retryInMs: delayMs,
        },
        'projection failed; retrying from its checkpoint',
      );
    }
    this.track(
      session,
      sleep(delayMs, session.signal).then(() => {
        if (!session.signal.aborted) this.launch(session, members);
      }),
    );
  }

  /** Decides which collection to write: the active one, or a new one side by side when the version changed. */
  private async prepare(state: ProjectionState): Promise<void> {
    const store = this.options.documentStore;
    const { projection } = state;
    const fresh = physicalCollectionName(projection);
    let active = await store.getActiveCollection(projection.name);
    if (active === null) {
      // Nothing serves this read model yet: the first build serves as it goes.
      state.indexesDeferred = await this.worthDeferringIndexes(fresh);
      await store.ensureCollection(
        { name: fresh, fields: projection.fields },
        { deferIndexes: state.indexesDeferred },
      );
      active = { logicalName: projection.name, physicalName: fresh, version: projection.version };
      await store.setActiveCollection(active);
    }
    state.target = active.version === projection.version ? active.physicalName : fresh;
    if (state.forceRebuild && active.version === projection.version) {
      state.target = active.physicalName === fresh ? `${fresh}_rebuild` : fresh;
      // A leftover of an interrupted forced rebuild must not be resumed: the point is to start from scratch.
      await store.dropCollection(state.target);
    }
    state.indexesDeferred = await this.worthDeferringIndexes(state.target);
    await store.ensureCollection(
      { name: state.target, fields: projection.fields },
      { deferIndexes: state.indexesDeferred },
    );
    state.active = active;
    state.servingPosition = await store.getCheckpoint(active.physicalName);
    const ours = new RegExp(`^${projection.name}_v\\d+(_rebuild)?$`);
    for (const collection of await store.listCollections()) {
      if (ours.test(collection) && collection !== state.target && collection !== active.physicalName) {
        await store.dropCollection(collection);
      }
    }
    state.prepared = true;
    if (this.rebuilding(state)) {
      this.logger.info(
        { projection: projection.name, from: active.physicalName, to: state.target },
        'rebuilding projection side by side',
      );
    }
  }

  /** Whether `collection` is about to be filled from scratch with enough events to make indexing at the end pay. */
  private async worthDeferringIndexes(collection: string): Promise<boolean> {
    if ((await this.options.documentStore.getCheckpoint(collection)) !== null) return false;
    const head = await this.options.eventStore.headPosition();
    return head > BigInt(this.options.deferIndexesAbove ?? DEFAULT_DEFER_INDEXES_ABOVE);
  }

  /** Builds the indexes left out while filling the target from scratch, once it has caught up with the log. */
  private async buildDeferredIndexesIfCaughtUp(state: ProjectionState): Promise<void> {
    if (!state.indexesDeferred) return;
    const head = await this.options.eventStore.headPosition();
    if (state.position === null || state.position < head) return;
    await this.options.documentStore.ensureCollection({
      name: state.target,
      fields: state.projection.fields,
    });
    state.indexesDeferred = false;
    this.logger.info(
      { projection: state.projection.name, collection: state.target, position: state.position },
      'built the indexes of the projection filled from scratch',
    );
  }

  private rebuilding(state: ProjectionState): boolean {
    return state.active !== null && state.active.physicalName !== state.target;
  }

  private async switchIfCaughtUp(state: ProjectionState): Promise<void> {
    if (!this.rebuilding(state)) return;
    const head = await this.options.eventStore.headPosition();
    const caughtUp = head === 0n || (state.position !== null && state.position >= head);
    if (!caughtUp) return;
    // Other processes wait on the stored checkpoint of the collection that is about to serve.
    await this.storeUnstoredCheckpoint(state);
    const previous = state.active;
    const active = {
      logicalName: state.projection.name,
      physicalName: state.target,
      version: state.projection.version,
    };
    await this.options.documentStore.setActiveCollection(active);
    state.active = active;
    state.forceRebuild = false;
    this.advance(state, state.position);
    if (previous !== null) await this.options.documentStore.dropCollection(previous.physicalName);
    this.logger.info(
      { projection: state.projection.name, collection: state.target, position: state.position },
      'switched to rebuilt projection',
    );
  }

  private async apply(
    session: FollowSession,
    state: ProjectionState,
    batch: readonly RecordedEvent[],
  ): Promise<void> {
    const { projection, target } = state;
    let failure: ProjectionEventFailure | null = null;
    let end = batch.length;
    const ids: (string | null)[] = [];
    for (let index = 0; index < batch.length; index++) {
      const event = batch[index] as RecordedEvent;
      if (!state.handles.has(event.type)) {
        ids.push(null);
        continue;
      }
      try {
        const id = projection.documentId(event);
        if (id !== null && (typeof id !== 'string' || id.length === 0))
          throw new InvalidProjectionError(
            projection.name,
            'documentId must return a non-empty string or null',
          );
        ids.push(id);
      } catch (error) {
        failure = new ProjectionEventFailure(event, error);
        end = index;
        break;
      }
    }
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    const lastOfBatch = batch[batch.length - 1];
    if (
      failure === null &&
      wanted.length === 0 &&
      lastOfBatch !== undefined &&
      this.checkpointOnlyDelayMs > 0
    ) {
      // Nothing to write but the checkpoint: a commit per batch of access records would cost every client
      // read a write to the document store.
      this.advanceAndStoreLater(session, state, lastOfBatch.position);
      return;
    }
    const load = (): Promise<Map<string, DocumentState>> =>
      wanted.length === 0
        ? Promise.resolve(new Map<string, DocumentState>())
        : this.options.documentStore.getStates(target, wanted);
    // Copying every document before each event costs a rebuild a good part of its time, and a pure projection
    // never needs it. Only when evolve throws, and so may have left a half-changed document behind, is the
    // batch evolved again from freshly loaded documents, on copies, up to the failing event.
    let evolved = this.evolveBatch(state, batch, ids, end, await load(), false);
    if (evolved.failure !== null) {
      const copied = this.evolveBatch(state, batch, ids, evolved.end, await load(), true);
      evolved = copied.failure === null ? { ...copied, failure: evolved.failure, end: evolved.end } : copied;
    }
    if (evolved.failure !== null) {
      failure = evolved.failure;
      end = evolved.end;
    }
    const last = end > 0 ? batch[end - 1] : undefined;
    if (last !== undefined) {
      const writes: DocumentWrite[] = [...evolved.changed].map(([id, { position, data }]) =>
        data === null
          ? { kind: 'delete', collection: target, id, position }
          : { kind: 'upsert', collection: target, id, data, position },
      );
      await this.storeBatch(state, writes, last.position);
      this.advance(state, last.position);
      // After the batch is stored: the erased documents are rewritten, and their earlier versions may go.
      const purgeOn = projection.purgesOverwrittenOn;
      if (purgeOn !== undefined && batch.slice(0, end).some((event) => purgeOn.includes(event.type)))
        // The documents are stored and the checkpoint moved: a purge that fails (a reader holding the log) is
        // reported and left to the next one, not retried by failing the projection.
        await this.options.documentStore
          .purgeOverwritten()
          .catch((error: unknown) =>
            this.logger.warn(
              { projection: projection.name, errorName: errorNameOf(error) },
              'could not purge the overwritten documents',
            ),
          );
    }
    if (failure !== null) throw failure;
  }

  /** Folds `batch[0, end)` into the stored documents; stops at the first event the projection throws on. */
  private evolveBatch(
    state: ProjectionState,
    batch: readonly RecordedEvent[],
    ids: readonly (string | null)[],
    end: number,
    stored: ReadonlyMap<string, DocumentState>,
    copy: boolean,
  ): { changed: Map<string, DocumentState>; end: number; failure: ProjectionEventFailure | null } {
    const { projection, target } = state;
    const spec = { name: target, fields: projection.fields };
    const changed = new Map<string, DocumentState>();
    for (let index = 0; index < end; index++) {
      const id = ids[index];
      if (id === null || id === undefined) continue;
      const event = batch[index] as RecordedEvent;
      const current = changed.get(id) ?? stored.get(id);
      // After a crash between MongoDB's document writes and its checkpoint, documents already reflect some events.
      if (current !== undefined && event.position <= current.position) continue;
      let next: JsonObject | null;
      try {
        const data = current?.data ?? null;
        next = projection.evolve(data !== null && copy ? structuredClone(data) : data, event);
        if (next !== null) assertDocumentMatchesSpec(spec, next);
      } catch (error) {
        return { changed, end: index, failure: new ProjectionEventFailure(event, error) };
      }
      if (next !== null) changed.set(id, { position: event.position, data: next });
      else if (current !== undefined && current.data !== null)
        changed.set(id, { position: event.position, data: null });
    }
    return { changed, end, failure: null };
  }

  /** Moves the checkpoint past events the projection does not handle, as `apply` does for a batch of them. */
  private async skipTo(session: FollowSession, state: ProjectionState, position: bigint): Promise<void> {
    if (this.checkpointOnlyDelayMs > 0) {
      this.advanceAndStoreLater(session, state, position);
      return;
    }
    await this.storeBatch(state, [], position);
    this.advance(state, position);
  }

  /**
   * Writes a batch's documents with its checkpoint, which lies past any unstored one and so stores it too. The
   * caller advances once it is stored, in the same turn as it goes on (status must not show the position moved
   * while a recovered failure is still reported).
   */
  private storeBatch(state: ProjectionState, writes: DocumentWrite[], position: bigint): Promise<unknown> {
    this.dropUnstoredCheckpoint(state);
    return this.storeInTurn(state, () =>
      this.options.documentStore.applyBatch(writes, { projection: state.target, position }),
    );
  }

  private storeInTurn<T>(state: ProjectionState, write: () => Promise<T>): Promise<T> {
    const stored = state.storing.then(write);
    state.storing = stored.catch(() => undefined);
    return stored;
  }

  /** Moves the checkpoint in memory at once, and in the store after `checkpointOnlyDelayMs`. */
  private advanceAndStoreLater(session: FollowSession, state: ProjectionState, position: bigint): void {
    this.advance(state, position);
    state.unstoredCheckpoint = position;
    if (state.unstoredCheckpointTimer !== undefined) return;
    state.unstoredCheckpointTimer = setTimeout(() => {
      state.unstoredCheckpointTimer = undefined;
      if (!session.signal.aborted) this.track(session, this.storeUnstoredCheckpoint(state));
    }, this.checkpointOnlyDelayMs);
  }

  /** Stores the checkpoint `advanceAndStoreLater` kept back, if any; a failure leaves it to the next batch. */
  private async storeUnstoredCheckpoint(state: ProjectionState): Promise<void> {
    const position = state.unstoredCheckpoint;
    this.dropUnstoredCheckpoint(state);
    if (position === null) return;
    try {
      await this.storeInTurn(state, () =>
        this.options.documentStore.applyBatch([], { projection: state.target, position }),
      );
    } catch (error) {
      this.logger.warn(
        { projection: state.projection.name, position, errorName: errorNameOf(error) },
        'could not store the checkpoint; the next batch will',
      );
    }
  }

  private dropUnstoredCheckpoint(state: ProjectionState): void {
    clearTimeout(state.unstoredCheckpointTimer);
    state.unstoredCheckpointTimer = undefined;
    state.unstoredCheckpoint = null;
  }

  private advance(state: ProjectionState, position: bigint | null): void {
    state.position = position;
    if (!this.rebuilding(state)) state.servingPosition = position;
    for (const waiter of this.waiters) {
      if (this.reached(waiter.position, waiter.names)) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private reached(position: bigint, names: readonly string[]): boolean {
    return this.behind(position, names).length === 0;
  }

  private behind(position: bigint, names: readonly string[]): string[] {
    return names.filter((name) => {
      const serving = this.states.get(name)?.servingPosition ?? null;
      return serving === null || serving < position;
    });
  }

  private describeFailure(
    error: unknown,
    attempts: number,
    previous: ProjectionFailure | null,
    delayMs: number,
  ): ProjectionFailure {
    const now = Date.now();
    const onEvent = error instanceof ProjectionEventFailure;
    const cause = onEvent ? error.cause : error;
    const sameFailure = previous !== null && (!onEvent || previous.eventId === error.event.eventId);
    return {
      kind: onEvent ? 'event' : 'store',
      eventId: onEvent ? error.event.eventId : null,
      eventType: onEvent ? error.event.type : null,
      position: onEvent ? error.event.position : null,
      errorName: errorNameOf(cause),
      errorCode: errorCodeOf(cause),
      attempts,
      since: sameFailure ? previous.since : new Date(now).toISOString(),
      nextRetryAt: new Date(now + delayMs).toISOString(),
    };
  }
}

/** The physical collection serving `logicalName` (e.g. `volunteers_v2`), for queries in any process. */
export async function resolveActiveCollection(
  documentStore: DocumentStore,
  logicalName: string,
): Promise<string> {
  const active = await documentStore.getActiveCollection(logicalName);
  if (active === null) throw new ProjectionNotReadyError(logicalName);
  return active.physicalName;
}

/**
 * `waitFor` for a process that does not run the projections (the API beside a separate worker): polls the
 * served collections' checkpoints.
 */
export async function waitForProjections(
  documentStore: DocumentStore,
  position: bigint,
  projectionNames: readonly string[],
  timeoutMs: number,
  pollMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const behind: string[] = [];
    for (const name of projectionNames) {
      const active = await documentStore.getActiveCollection(name);
      const checkpoint = active === null ? null : await documentStore.getCheckpoint(active.physicalName);
      if (checkpoint === null || checkpoint < position) behind.push(name);
    }
    if (behind.length === 0) return;
    if (Date.now() >= deadline) throw new ProjectionTimeoutError(position, behind, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
}
