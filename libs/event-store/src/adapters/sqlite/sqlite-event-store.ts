import Database from 'better-sqlite3';
import { newId } from '@app/platform/ids';
import {
  DuplicateEventIdError,
  EventStoreClosedError,
  InvalidReadOptionError,
  WrongExpectedRevisionError,
} from '../../errors';
import { GENESIS_HASH, chainMetadata } from '../../hash-chain';
import type {
  AppendResult,
  EventFilter,
  EventMetadata,
  EventMetadataInput,
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
  last_hash: string;
  last_position: bigint;
}

interface LastEventRow {
  position: bigint;
  recorded_at: string;
}

/** An append as queued for the next group commit; data is serialised on arrival so later mutation cannot leak in. */
interface PendingAppend {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly { eventId: string | undefined; type: string; data: string; metadata: string }[];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at';

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

/** Only the fields the hash covers are stored, so nothing in the metadata escapes the chain. */
function hashedMetadataFields(metadata: EventMetadataInput): EventMetadataInput {
  return {
    commandId: metadata.commandId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actor: { id: metadata.actor.id, role: metadata.actor.role },
    occurredAt: metadata.occurredAt,
    schemaVersion: metadata.schemaVersion,
  };
}

function revisionMatches(expected: ExpectedRevision, actual: number | null): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === null;
    case 'stream_exists':
      return actual !== null;
    default:
      return actual === expected;
  }
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

function isUniqueEventIdViolation(error: unknown): boolean {
  // By shape, not `instanceof`: the native binding creates its errors with the classes of the first copy of
  // better-sqlite3 loaded in the process, which need not be this module's (jest loads one copy per test file).
  const { name, code, message } = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  return (
    name === 'SqliteError' &&
    code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    typeof message === 'string' &&
    message.includes('events.event_id')
  );
}

/**
 * The embedded EventStore: one SQLite file in WAL mode. Appends arriving in the same turn of the event loop are
 * committed together in one transaction (group commit), each in its own savepoint, so that with
 * `synchronous=FULL` many concurrent writers share one fsync and a failing append rejects only itself.
 */
export class SqliteEventStore implements EventStore {
  private readonly now: () => Date;
  private readonly pollIntervalMs: number;
  private queue: PendingAppend[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  private closed = false;
  private readonly appendListeners = new Set<(appended: readonly RecordedEvent[]) => void>();
  private readonly subscriptions = new Set<SqliteSubscription>();

  private readonly statements: {
    streamHead: Database.Statement<[string], StreamRow>;
    lastEvent: Database.Statement<[], LastEventRow>;
    insertEvent: Database.Statement<[bigint, string, number, string, string, string, string, string]>;
    upsertStream: Database.Statement<[string, number, string, bigint]>;
    readStream: Database.Statement<[string, number, bigint, string, number], EventRow>;
    readWholeStream: Database.Statement<[string], EventRow>;
    readAll: Database.Statement<[ReadAllParameters], EventRow>;
    readAllUnfiltered: Database.Statement<[UnfilteredReadParameters], EventRow>;
    readFirstEvents: Database.Statement<[ReadAllParameters], EventRow>;
    readFirstEventsUnfiltered: Database.Statement<[UnfilteredReadParameters], EventRow>;
    headPosition: Database.Statement<[], { head: bigint | null }>;
  };
  private readonly commitBatch: Database.Transaction<(batch: readonly PendingAppend[]) => AppendOutcome[]>;
  private readonly appendInSavepoint: Database.Transaction<(pending: PendingAppend) => AppendResult>;
  private readonly readPageInSnapshot: Database.Transaction<
    (after: bigint, limit: number, filter: EventFilter | undefined) => SubscriptionPage
  >;

  constructor(
    private readonly db: Database.Database,
    options: Omit<SqliteEventStoreOptions, 'filename' | 'synchronous' | 'busyTimeoutMs'> = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.statements = {
      streamHead: db
        .prepare<[string], StreamRow>(
          'SELECT revision, last_hash, last_position FROM streams WHERE stream_id = ?',
        )
        .safeIntegers(true),
      lastEvent: db
        .prepare<[], LastEventRow>('SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1')
        .safeIntegers(true),
      insertEvent: db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      upsertStream: db.prepare(
        `INSERT INTO streams (stream_id, revision, last_hash, last_position) VALUES (?, ?, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET
           revision = excluded.revision, last_hash = excluded.last_hash, last_position = excluded.last_position`,
      ),
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
    this.appendInSavepoint = db.transaction((pending: PendingAppend) => this.appendOne(pending));
    this.commitBatch = db.transaction((batch: readonly PendingAppend[]) =>
      batch.map((pending): AppendOutcome => {
        try {
          return { ok: true, result: this.appendInSavepoint(pending) };
        } catch (error) {
          return {
            ok: false,
            error: isUniqueEventIdViolation(error) ? this.duplicateIdError(pending) : error,
          };
        }
      }),
    );
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
        metadata: JSON.stringify(hashedMetadataFields(event.metadata)),
      }));
      this.queue.push({ streamId, expected, events: serialised, resolve, reject });
      this.flushScheduled ??= setImmediate(() => this.flush());
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
    if (this.flushScheduled !== undefined) clearImmediate(this.flushScheduled);
    this.flush();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.db.close();
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

  private flush(): void {
    this.flushScheduled = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      // IMMEDIATE takes the write lock up front: a deferred transaction that later upgrades can fail with
      // SQLITE_BUSY when another process wrote in between, instead of waiting for the lock.
      outcomes = this.commitBatch.immediate(batch);
    } catch (error) {
      batch.forEach((pending) => pending.reject(error));
      return;
    }
    outcomes.forEach((outcome, index) => {
      const pending = batch[index];
      if (pending === undefined) return;
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    const appended = outcomes.flatMap((outcome) => (outcome.ok ? outcome.result.events : []));
    if (appended.length > 0) this.appendListeners.forEach((listener) => listener(appended));
  }

  /** Runs inside the batch transaction, in a savepoint of its own. */
  private appendOne(pending: PendingAppend): AppendResult {
    const { streamId, expected } = pending;
    const head = this.statements.streamHead.get(streamId);
    const actual = head === undefined ? null : Number(head.revision);
    if (!revisionMatches(expected, actual)) throw new WrongExpectedRevisionError(streamId, expected, actual);
    if (pending.events.length === 0) {
      return { nextExpectedRevision: actual ?? -1, position: head?.last_position ?? 0n, events: [] };
    }
    const lastEvent = this.statements.lastEvent.get();
    let position = lastEvent?.position ?? 0n;
    // Never earlier than the last recorded event, so that as-of reads by time agree with global order
    // even if the wall clock steps back.
    const now = this.now().toISOString();
    const recordedAt = lastEvent !== undefined && lastEvent.recorded_at > now ? lastEvent.recorded_at : now;
    let prevHash = head?.last_hash ?? GENESIS_HASH;
    let revision = actual ?? -1;
    const recorded: RecordedEvent[] = [];
    for (const event of pending.events) {
      position += 1n;
      revision += 1;
      const eventId = event.eventId ?? newId();
      const data = JSON.parse(event.data) as JsonObject;
      const metadata = chainMetadata({
        streamId,
        revision,
        eventId,
        type: event.type,
        data,
        metadata: JSON.parse(event.metadata) as EventMetadataInput,
        prevHash,
      });
      this.statements.insertEvent.run(
        position,
        streamId,
        revision,
        eventId,
        event.type,
        event.data,
        JSON.stringify(metadata),
        recordedAt,
      );
      recorded.push({ streamId, revision, position, eventId, type: event.type, data, metadata, recordedAt });
      prevHash = metadata.hash;
    }
    this.statements.upsertStream.run(streamId, revision, prevHash, position);
    return { nextExpectedRevision: revision, position, events: recorded };
  }

  private duplicateIdError(pending: PendingAppend): DuplicateEventIdError {
    const ids = pending.events.map((event) => event.eventId).filter((id): id is string => id !== undefined);
    const existing = ids.find(
      (id) => this.db.prepare('SELECT 1 FROM events WHERE event_id = ?').get(id) !== undefined,
    );
    const duplicateInBatch = ids.find((id, index) => ids.indexOf(id) !== index);
    return new DuplicateEventIdError(existing ?? duplicateInBatch ?? 'unknown');
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

export function openSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  const db = new Database(options.filename, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    prepareDatabase(db, options.synchronous ?? 'FULL');
    return new SqliteEventStore(db, options);
  } catch (error) {
    db.close();
    throw error;
  }
}
