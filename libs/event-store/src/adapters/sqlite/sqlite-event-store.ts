import { join } from 'node:path';
import Database from 'better-sqlite3';
import { deepFreeze } from '@app/platform/deep-freeze';
import { OrderedWorker } from '@app/platform/ordered-worker';
import { EventStoreClosedError, EventStoreError, InvalidReadOptionError } from '../../errors';
import { chainedMetadataFields } from '../../hash-chain';
import type {
  AppendResult,
  EventFilter,
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../../port';
import { assertValidEvents, assertValidExpectedRevision, assertValidStreamId } from '../../validation';
import { prepareDatabase, type SynchronousMode } from './sqlite-schema';
import { SqliteSubscription, type SubscriptionPage, type SubscriptionSource } from './sqlite-subscription';
import {
  EVENT_COLUMNS,
  SqliteEventWriter,
  fromWireError,
  fromWireOutcome,
  type AppendOutcome,
  type QueuedAppend,
} from './sqlite-event-writer';
import type { WriterReply, WriterRequest, WriterThreadData } from './sqlite-event-writer.thread';

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:` for a private in-process store. */
  readonly filename: string;
  /** FULL (default) so that an acknowledged append survives power loss; NORMAL only survives a process crash. */
  readonly synchronous?: SynchronousMode;
  readonly now?: () => Date;
  /** How often live subscriptions look for appends made by other processes on the same file. */
  readonly pollIntervalMs?: number;
  /** How long a writer waits for another process's write lock before failing. */
  readonly busyTimeoutMs?: number;
  /**
   * Commit on a worker thread of its own, so that the event loop goes on serving while SQLite writes the WAL and
   * waits for the disk: for a process with other work, such as the API (ADR 11). A process that only appends
   * is faster without the round trip between threads, hence the default `false`. Not for `:memory:` (another
   * thread cannot open it) nor with a custom `now` (the thread keeps the wall clock).
   */
  readonly writerThread?: boolean;
  /**
   * Deep-freeze committed events before handing them out. One committed event object goes to its appender and,
   * unread, to every live subscription of this process, so code that changed one would change what the others
   * see. Freezing makes such code throw; it is on where mistakes are looked for: under test (NODE_ENV=test).
   */
  readonly freezeCommittedEvents?: boolean;
}

/** `readAll` without `maxCount` returns at most this many events. */
export const DEFAULT_READ_ALL_PAGE_SIZE = 1000;

const MAX_POSITION = 9223372036854775807n;
const NO_LIMIT = -1;
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

interface StreamRow {
  revision: bigint;
}

interface PendingAppend extends QueuedAppend {
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type CommitResult = { readonly outcomes: readonly AppendOutcome[] } | { readonly failure: unknown };

/** Where queued appends are committed: on the event loop, or on the writer thread. */
interface AppendWriter {
  /**
   * Batches it takes before the first is answered. Above one, a batch leaves as soon as the work that queued
   * it is done rather than on the loop's next turn, since the next batch need not wait for it.
   */
  readonly maxBatchesInFlight: number;
  /** Commits batches in the order given and calls `done` with each append's outcome, or the error that failed all. */
  commit(batch: readonly QueuedAppend[], done: (result: CommitResult) => void): void;
  close(): Promise<void>;
}

class InlineWriter implements AppendWriter {
  /** A commit holds the event loop anyway: waiting for the loop's next turn gathers larger batches. */
  readonly maxBatchesInFlight = 1;

  constructor(private readonly writer: SqliteEventWriter) {}

  commit(batch: readonly QueuedAppend[], done: (result: CommitResult) => void): void {
    let result: CommitResult;
    try {
      result = { outcomes: this.writer.commit(batch) };
    } catch (error) {
      result = { failure: error };
    }
    done(result);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** How long appends are refused after the writer thread died, before the next one starts a new thread. */
export const WRITER_RESTART_AFTER_MS = 1_000;

/** The writer thread has stopped (it crashed, or could not open the file); appends fail until it restarts. */
export class EventStoreWriterStoppedError extends EventStoreError {
  readonly code = 'EVENT_STORE.WRITER_STOPPED';
  constructor() {
    super('The event store writer stopped; appends are refused until it restarts');
    this.name = 'EventStoreWriterStoppedError';
  }
}

/** Started at the first commit, so that a store only read (audits, projections, checks) runs no thread. */
class ThreadWriter implements AppendWriter {
  /**
   * No limit: every batch leaves as soon as it is queued, and the thread commits together whatever reached it
   * while it was busy (`sqlite-event-writer.thread.ts`). Batches then form where the commits happen and follow
   * their pace. Two in flight, closed here, left lone appends in one batch and the rest waiting behind it
   * (batches of 1 and 8 under the API benchmark), with the event loop idle while all waited.
   */
  readonly maxBatchesInFlight = Infinity;
  private readonly thread: OrderedWorker<WriterRequest, WriterReply>;

  constructor(data: WriterThreadData) {
    this.thread = new OrderedWorker(
      join(__dirname, 'sqlite-event-writer.worker.js'),
      data,
      // A batch in flight may or may not have been committed: its appends fail, as after a lost connection.
      () => new EventStoreWriterStoppedError(),
      // The next append after this starts a new thread: a crash costs the appends in flight, not the process.
      { repliesInArrays: true, restartAfterMs: WRITER_RESTART_AFTER_MS },
    );
  }

  commit(batch: readonly QueuedAppend[], done: (result: CommitResult) => void): void {
    // Only what the thread needs: the callbacks of each append stay here.
    const queued = batch.map(({ streamId, expected, events }) => ({ streamId, expected, events }));
    this.thread.send(
      { type: 'commit', batch: queued },
      (reply) =>
        done(
          'outcomes' in reply
            ? {
                outcomes: queued.map((append, index): AppendOutcome => {
                  const outcome = reply.outcomes[index];
                  return outcome === undefined
                    ? { ok: false, error: new Error('the writer thread gave no outcome for an append') }
                    : fromWireOutcome(outcome, append);
                }),
              }
            : { failure: fromWireError(reply.failure) },
        ),
      (failure) => done({ failure }),
    );
  }

  close(): Promise<void> {
    return this.thread.close({ type: 'close' });
  }
}

interface UnfilteredReadParameters {
  after: bigint;
  limit: number;
}

interface ReadAllParameters {
  after: bigint;
  types: string | null;
  categories: string | null;
  limit: number;
}

/** An EventFilter in SQL: a null list means "no restriction". */
const FILTER_CONDITIONS = `(@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
  AND (@categories IS NULL
       OR substr(stream_id, 1, instr(stream_id, '-') - 1) IN (SELECT value FROM json_each(@categories)))`;

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: row.position,
    eventId: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    recordedAt: row.recorded_at,
  };
}

function assertCount(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new InvalidReadOptionError(name, 'expected a non-negative integer');
  }
}

function assertPosition(name: string, value: bigint | undefined): void {
  if (value !== undefined && !(typeof value === 'bigint' && value >= 0n)) {
    throw new InvalidReadOptionError(name, 'expected a non-negative bigint');
  }
}

/** ISO strings compare correctly only in one format, so the bound is normalised to the stored one. */
function normaliseInstant(name: string, value: string | undefined): string {
  if (value === undefined) return END_OF_TIME;
  const instant = new Date(value);
  if (typeof value !== 'string' || Number.isNaN(instant.getTime())) {
    throw new InvalidReadOptionError(name, 'expected an ISO-8601 instant');
  }
  return instant.toISOString();
}

/** An empty list means "no restriction", as EventStoreDB cannot express a filter that matches nothing. */
function filterList(values: readonly string[] | undefined): string | null {
  return values === undefined || values.length === 0 ? null : JSON.stringify(values);
}

/**
 * The embedded EventStore: one SQLite file in WAL mode. Appends arriving in the same turn of the event loop are
 * committed together in one transaction (group commit), each in its own savepoint, so that with
 * `synchronous=FULL` many concurrent writers share one fsync and a failing append rejects only itself. With
 * `writerThread` the commit runs on a thread of its own, which commits together the batches that reached it
 * during its previous commit (ADR 11).
 */
export class SqliteEventStore implements EventStore {
  private readonly now: () => Date;
  private readonly pollIntervalMs: number;
  private readonly share: <T>(value: T) => T;
  private queue: PendingAppend[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  private flushQueued = false;
  private closed = false;
  private readonly appendListeners = new Set<(appended: readonly RecordedEvent[]) => void>();
  private readonly subscriptions = new Set<SqliteSubscription>();

  private readonly statements: {
    streamHead: Database.Statement<[string], StreamRow>;
    readStream: Database.Statement<[string, number, bigint, string, number], EventRow>;
    readWholeStream: Database.Statement<[string], EventRow>;
    readAll: Database.Statement<[ReadAllParameters], EventRow>;
    readAllUnfiltered: Database.Statement<[UnfilteredReadParameters], EventRow>;
    readFirstEvents: Database.Statement<[ReadAllParameters], EventRow>;
    readFirstEventsUnfiltered: Database.Statement<[UnfilteredReadParameters], EventRow>;
    headPosition: Database.Statement<[], { head: bigint | null }>;
  };
  private batchesInFlight = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly readPageInSnapshot: Database.Transaction<
    (after: bigint, limit: number, filter: EventFilter | undefined) => SubscriptionPage
  >;

  constructor(
    private readonly db: Database.Database,
    options: Omit<
      SqliteEventStoreOptions,
      'filename' | 'synchronous' | 'busyTimeoutMs' | 'writerThread'
    > = {},
    private readonly writer: AppendWriter = new InlineWriter(
      new SqliteEventWriter(db, options.now ?? (() => new Date())),
    ),
  ) {
    this.now = options.now ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.share =
      (options.freezeCommittedEvents ?? process.env.NODE_ENV === 'test') ? deepFreeze : (value) => value;
    this.statements = {
      streamHead: db
        .prepare<[string], StreamRow>('SELECT revision FROM streams WHERE stream_id = ?')
        .safeIntegers(true),
      readStream: db
        .prepare<[string, number, bigint, string, number], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events
           WHERE stream_id = ? AND revision >= ? AND position <= ? AND recorded_at <= ?
           ORDER BY revision LIMIT ?`,
        )
        .safeIntegers(true),
      // Most reads want the whole stream; the bounds above, even when unbounded, cost SQLite about a quarter more.
      readWholeStream: db
        .prepare<[string], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`,
        )
        .safeIntegers(true),
      readAll: db
        .prepare<[ReadAllParameters], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE position > @after AND ${FILTER_CONDITIONS}
           ORDER BY position LIMIT @limit`,
        )
        .safeIntegers(true),
      // The filter's subqueries cost SQLite about 50 µs per execution even when both lists are null: a live
      // subscription reads after every commit, mostly without a filter.
      readAllUnfiltered: db
        .prepare<[UnfilteredReadParameters], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE position > @after ORDER BY position LIMIT @limit`,
        )
        .safeIntegers(true),
      readFirstEventsUnfiltered: db
        .prepare<[UnfilteredReadParameters], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE revision = 0 AND position > @after
           ORDER BY position LIMIT @limit`,
        )
        .safeIntegers(true),
      // `revision = 0` spelled out, so that SQLite reads the partial index of first events, not every event.
      readFirstEvents: db
        .prepare<[ReadAllParameters], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE revision = 0 AND position > @after AND ${FILTER_CONDITIONS}
           ORDER BY position LIMIT @limit`,
        )
        .safeIntegers(true),
      headPosition: db
        .prepare<[], { head: bigint | null }>('SELECT MAX(position) AS head FROM events')
        .safeIntegers(true),
    };
    this.readPageInSnapshot = db.transaction(
      (after: bigint, limit: number, filter: EventFilter | undefined) => {
        const events = this.readAllRows(after, limit, filter);
        const last = events[events.length - 1];
        if (last !== undefined && events.length === limit) return { events, scannedTo: last.position };
        return { events, scannedTo: this.statements.headPosition.get()?.head ?? 0n };
      },
    );
  }

  append(
    streamId: string,
    expected: ExpectedRevision,
    events: readonly EventToAppend[],
  ): Promise<AppendResult> {
    // Validation errors thrown by the executor reject the promise before anything is queued.
    return new Promise<AppendResult>((resolve, reject) => {
      this.assertOpen();
      assertValidStreamId(streamId);
      assertValidExpectedRevision(expected);
      assertValidEvents(events);
      const serialised = events.map((event) => ({
        eventId: event.eventId,
        type: event.type,
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(chainedMetadataFields(event.metadata)),
      }));
      this.queue.push({ streamId, expected, events: serialised, resolve, reject });
      if (this.writer.maxBatchesInFlight === 1) this.flushScheduled ??= setImmediate(() => this.flush());
      else if (!this.flushQueued) {
        // After the current burst of microtasks: appends made by the same piece of work share a batch.
        this.flushQueued = true;
        queueMicrotask(() => {
          this.flushQueued = false;
          this.flush();
        });
      }
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertValidStreamId(streamId);
    assertCount('fromRevision', options.fromRevision);
    assertCount('maxCount', options.maxCount);
    assertPosition('toPosition', options.toPosition);
    if (
      options.fromRevision === undefined &&
      options.maxCount === undefined &&
      options.toPosition === undefined &&
      options.recordedAtOrBefore === undefined
    ) {
      return this.statements.readWholeStream.all(streamId).map(toRecordedEvent);
    }
    const recordedAtOrBefore = normaliseInstant('recordedAtOrBefore', options.recordedAtOrBefore);
    const rows = this.statements.readStream.all(
      streamId,
      options.fromRevision ?? 0,
      options.toPosition ?? MAX_POSITION,
      recordedAtOrBefore,
      options.maxCount ?? NO_LIMIT,
    );
    return rows.map(toRecordedEvent);
  }

  async streamRevision(streamId: string): Promise<number | null> {
    this.assertOpen();
    assertValidStreamId(streamId);
    const head = this.statements.streamHead.get(streamId);
    return head === undefined ? null : Number(head.revision);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertPosition('after', options.after);
    assertCount('maxCount', options.maxCount);
    return this.readAllRows(
      options.after ?? 0n,
      options.maxCount ?? DEFAULT_READ_ALL_PAGE_SIZE,
      options.filter,
    );
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    assertPosition('after', options.after);
    const source: SubscriptionSource = {
      readPage: (after, limit, filter) => this.readPageInSnapshot(after, limit, filter),
      onAppended: (listener) => {
        this.appendListeners.add(listener);
        return () => this.appendListeners.delete(listener);
      },
    };
    const subscription = new SqliteSubscription(
      source,
      options.filter,
      options.after,
      this.pollIntervalMs,
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.statements.headPosition.get()?.head ?? 0n;
  }

  /** Commits what is queued, ends every subscription, then closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.flushScheduled !== undefined) clearImmediate(this.flushScheduled);
    this.flush();
    await this.idle();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.writer.close();
    this.db.close();
  }

  private idle(): Promise<void> {
    if (this.batchesInFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private readAllRows(after: bigint, limit: number, filter: EventFilter | undefined): RecordedEvent[] {
    const firstEventsOnly = filter?.firstEventsOnly === true;
    const types = filterList(filter?.eventTypes);
    const categories = filterList(filter?.streamCategories);
    if (types === null && categories === null) {
      const statement = firstEventsOnly
        ? this.statements.readFirstEventsUnfiltered
        : this.statements.readAllUnfiltered;
      return statement.all({ after, limit }).map(toRecordedEvent);
    }
    const statement = firstEventsOnly ? this.statements.readFirstEvents : this.statements.readAll;
    return statement.all({ after, types, categories, limit }).map(toRecordedEvent);
  }

  /** Sends what is queued to the writer, up to its `maxBatchesInFlight` at a time: what arrives meanwhile waits. */
  private flush(): void {
    this.flushScheduled = undefined;
    if (this.batchesInFlight >= this.writer.maxBatchesInFlight || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.batchesInFlight += 1;
    this.writer.commit(batch, (result) => {
      this.batchesInFlight -= 1;
      if ('failure' in result) {
        batch.forEach((pending) => pending.reject(result.failure));
      } else {
        result.outcomes.forEach((outcome, index) => {
          const pending = batch[index];
          if (pending === undefined) return;
          if (outcome.ok) pending.resolve(this.share(outcome.result));
          else pending.reject(outcome.error);
        });
        const appended = result.outcomes.flatMap((outcome) => (outcome.ok ? outcome.result.events : []));
        if (appended.length > 0) this.appendListeners.forEach((listener) => listener(appended));
      }
      if (this.queue.length > 0) this.flush();
      else if (this.batchesInFlight === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

export function openSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  const synchronous = options.synchronous ?? 'FULL';
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = new Database(options.filename, { timeout: busyTimeoutMs });
  try {
    prepareDatabase(db, synchronous);
    const onThread = options.writerThread === true;
    if (onThread && options.filename === ':memory:')
      throw new Error('an in-memory event store cannot commit on a writer thread');
    if (onThread && options.now !== undefined)
      throw new Error('a writer thread keeps the wall clock; a custom now needs writerThread: false');
    const writer = onThread
      ? new ThreadWriter({ filename: options.filename, synchronous, busyTimeoutMs })
      : undefined;
    return new SqliteEventStore(db, options, writer);
  } catch (error) {
    db.close();
    throw error;
  }
}
