import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
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
import { EventBatcher, sleep } from './event-batcher';
import { assertValidProjection, physicalCollectionName, type Projection } from './projection';
import { NoopProjectionLease, type ProjectionLease } from './projection-lease';
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
  /** Longest time spent gathering one batch while catching up; default 50 ms. */
  readonly maxBatchWaitMs?: number;
  /** Exponential backoff after a failure: default from 500 ms doubling up to 60 s. */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /**
   * Projections to rebuild side by side even though their version did not change (the `rebuild` CLI): into
   * `<name>_v<version>_rebuild`, or back into `<name>_v<version>` when that one is serving.
   */
  readonly forceRebuild?: readonly string[];
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
  forceRebuild: boolean;
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

const errorName = (error: unknown): string => (error instanceof Error ? error.name : typeof error);
const errorCode = (error: unknown): string | null => {
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : null;
};

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
 * documents and checkpoint are stored together. A projection whose version changed is rebuilt into a new
 * collection while the old one keeps serving, then switched to and the old one dropped.
 */
export class ProjectionRunner {
  private readonly states = new Map<string, ProjectionState>();
  private readonly waiters = new Set<Waiter>();
  private readonly lease: ProjectionLease;
  private readonly logger: ProjectionLogger;
  private readonly maxBatchSize: number;
  private readonly maxBatchWaitMs: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private stopController: AbortController | null = null;
  private supervisor: Promise<void> | null = null;
  private leaseHeld = false;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.lease = options.lease ?? new NoopProjectionLease();
    this.logger = options.logger ?? stderrLogger;
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.maxBatchWaitMs = options.maxBatchWaitMs ?? 50;
    this.initialDelayMs = options.retry?.initialDelayMs ?? 500;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 60_000;
    for (const name of options.forceRebuild ?? []) {
      if (!options.projections.some((projection) => projection.name === name))
        throw new UnknownProjectionError(name);
    }
    for (const projection of options.projections) {
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
        forceRebuild: options.forceRebuild?.includes(projection.name) ?? false,
      });
    }
  }

  /** Starts following the log in the background (after acquiring the lease); returns at once. */
  start(): void {
    if (this.supervisor !== null) return;
    const stop = new AbortController();
    this.stopController = stop;
    this.supervisor = this.supervise(stop.signal);
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
    });
  }

  /** The physical collection queries on `logicalName` must read now. */
  async resolveCollection(logicalName: string): Promise<string> {
    if (!this.states.has(logicalName)) throw new UnknownProjectionError(logicalName);
    return resolveActiveCollection(this.options.documentStore, logicalName);
  }

  async status(): Promise<ProjectionRunnerStatus> {
    const head = await this.options.eventStore.headPosition();
    return {
      running: this.supervisor !== null,
      leaseHeld: this.leaseHeld,
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
      if (!stop.aborted) await new Promise((resolve) => stop.addEventListener('abort', resolve, { once: true }));
      return;
    }
    while (!stop.aborted) {
      const held = await this.lease.acquire(stop);
      if (held === null) break;
      this.leaseHeld = true;
      const running = AbortSignal.any([stop, held.lost]);
      try {
        await Promise.all([...this.states.values()].map((state) => this.follow(state, running)));
      } finally {
        this.leaseHeld = false;
      }
      if (held.lost.aborted && !stop.aborted)
        this.logger.warn({}, 'projection lease lost; waiting to reacquire');
      // Another runner may change active collections meanwhile, so state is prepared afresh after reacquiring.
      for (const state of this.states.values()) state.prepared = false;
    }
    await this.lease.release();
  }

  private async follow(state: ProjectionState, signal: AbortSignal): Promise<void> {
    let attempts = 0;
    while (!signal.aborted) {
      let subscription: Subscription | undefined;
      try {
        if (!state.prepared) await this.prepare(state);
        const checkpoint = await this.options.documentStore.getCheckpoint(state.target);
        this.advance(state, checkpoint);
        await this.switchIfCaughtUp(state);
        subscription = this.options.eventStore.subscribeToAll(
          checkpoint === null ? {} : { after: checkpoint },
        );
        const batcher = new EventBatcher(
          subscription[Symbol.asyncIterator](),
          this.maxBatchSize,
          this.maxBatchWaitMs,
        );
        for (let batch = await batcher.next(signal); batch !== null; batch = await batcher.next(signal)) {
          await this.apply(state, batch);
          if (state.failure !== null) {
            this.logger.info({ projection: state.projection.name, attempts }, 'projection recovered');
            state.failure = null;
            attempts = 0;
          }
          await this.switchIfCaughtUp(state);
        }
        // The subscription ended without being asked to: resubscribe, but not in a tight loop.
        if (!signal.aborted) await sleep(this.initialDelayMs, signal);
      } catch (error) {
        if (signal.aborted) break;
        attempts += 1;
        const delayMs = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** Math.min(attempts - 1, 30));
        state.failure = this.describeFailure(error, attempts, state.failure, delayMs);
        this.logger.error(
          {
            projection: state.projection.name,
            kind: state.failure.kind,
            eventId: state.failure.eventId,
            eventType: state.failure.eventType,
            position: state.failure.position,
            errorName: state.failure.errorName,
            errorCode: state.failure.errorCode,
            attempts,
            retryInMs: delayMs,
          },
          'projection failed; retrying from its checkpoint',
        );
        await sleep(delayMs, signal);
      } finally {
        await subscription?.close();
      }
    }
  }

  /** Decides which collection to write: the active one, or a new one side by side when the version changed. */
  private async prepare(state: ProjectionState): Promise<void> {
    const store = this.options.documentStore;
    const { projection } = state;
    const fresh = physicalCollectionName(projection);
    let active = await store.getActiveCollection(projection.name);
    if (active === null) {
      // Nothing serves this read model yet: the first build serves as it goes.
      await store.ensureCollection({ name: fresh, fields: projection.fields });
      active = { logicalName: projection.name, physicalName: fresh, version: projection.version };
      await store.setActiveCollection(active);
    }
    state.target = active.version === projection.version ? active.physicalName : fresh;
    if (state.forceRebuild && active.version === projection.version) {
      state.target = active.physicalName === fresh ? `${fresh}_rebuild` : fresh;
      // A leftover of an interrupted forced rebuild must not be resumed: the point is to start from scratch.
      await store.dropCollection(state.target);
    }
    await store.ensureCollection({ name: state.target, fields: projection.fields });
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

  private rebuilding(state: ProjectionState): boolean {
    return state.active !== null && state.active.physicalName !== state.target;
  }

  private async switchIfCaughtUp(state: ProjectionState): Promise<void> {
    if (!this.rebuilding(state)) return;
    const head = await this.options.eventStore.headPosition();
    const caughtUp = head === 0n || (state.position !== null && state.position >= head);
    if (!caughtUp) return;
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

  private async apply(state: ProjectionState, batch: readonly RecordedEvent[]): Promise<void> {
    const { projection, target } = state;
    const spec = { name: target, fields: projection.fields };
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
    const stored =
      wanted.length === 0
        ? new Map<string, DocumentState>()
        : await this.options.documentStore.getStates(target, wanted);
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
        next = projection.evolve(
          current?.data == null ? null : structuredClone(current.data),
          event,
        ) as JsonObject | null;
        if (next !== null) assertDocumentMatchesSpec(spec, next);
      } catch (error) {
        failure = new ProjectionEventFailure(event, error);
        end = index;
        break;
      }
      if (next !== null) changed.set(id, { position: event.position, data: next });
      else if (current !== undefined && current.data !== null)
        changed.set(id, { position: event.position, data: null });
    }
    const last = end > 0 ? batch[end - 1] : undefined;
    if (last !== undefined) {
      const writes: DocumentWrite[] = [...changed].map(([id, { position, data }]) =>
        data === null
          ? { kind: 'delete', collection: target, id, position }
          : { kind: 'upsert', collection: target, id, data, position },
      );
      await this.options.documentStore.applyBatch(writes, { projection: target, position: last.position });
      this.advance(state, last.position);
    }
    if (failure !== null) throw failure;
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
      errorName: errorName(cause),
      errorCode: errorCode(cause),
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
