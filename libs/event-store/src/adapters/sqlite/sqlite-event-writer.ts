import type Database from 'better-sqlite3';
import { newId } from '@app/platform/ids';
import { fromPlainWireError, toPlainWireError, type PlainWireError } from '@app/platform/ordered-worker';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../../errors';
import { GENESIS_HASH, chainMetadata } from '../../hash-chain';
import { revisionMatches } from '../../validation';
import type {
  AppendResult,
  EventMetadataInput,
  ExpectedRevision,
  JsonObject,
  RecordedEvent,
} from '../../port';

/** An append as queued for the next group commit; data is serialised on arrival so later mutation cannot leak in. */
export interface QueuedAppend {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly { eventId: string | undefined; type: string; data: string; metadata: string }[];
}

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, recorded_at';

interface StreamRow {
  revision: bigint;
  last_hash: string;
  last_position: bigint;
}

interface LastEventRow {
  position: bigint;
  recorded_at: string;
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
 * The write side of the SQLite event store on one connection: a batch of appends in one transaction (group
 * commit), each in a savepoint of its own so that a failing append rejects only itself. Used on the event
 * loop, or on the writer thread (`sqlite-event-writer.thread.ts`).
 */
export class SqliteEventWriter {
  private readonly statements: {
    streamHead: Database.Statement<[string], StreamRow>;
    lastEvent: Database.Statement<[], LastEventRow>;
    insertEvent: Database.Statement<[bigint, string, number, string, string, string, string, string]>;
    upsertStream: Database.Statement<[string, number, string, bigint]>;
  };
  private readonly commitBatch: Database.Transaction<(batch: readonly QueuedAppend[]) => AppendOutcome[]>;
  private readonly appendInSavepoint: Database.Transaction<(pending: QueuedAppend) => AppendResult>;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {
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
    };
    this.appendInSavepoint = db.transaction((pending: QueuedAppend) => this.appendOne(pending));
    this.commitBatch = db.transaction((batch: readonly QueuedAppend[]) =>
      batch.map((pending): AppendOutcome => {
        try {
          return { ok: true, result: this.appendInSavepoint(pending) };
        } catch (error) {
          // Some errors (a full disk, an I/O error) make SQLite roll back the whole transaction, not only the
          // savepoint: the appends before this one are gone, and the next would run outside any transaction and
          // commit on their own while the batch is reported failed. The whole batch fails instead.
          if (!db.inTransaction) throw error;
          return {
            ok: false,
            error: isUniqueEventIdViolation(error) ? this.duplicateIdError(pending) : error,
          };
        }
      }),
    );
  }

  /** Commits the batch; throws only when the transaction as a whole fails (every append then failed). */
  commit(batch: readonly QueuedAppend[]): AppendOutcome[] {
    // IMMEDIATE takes the write lock up front: a deferred transaction that later upgrades can fail with
    // SQLITE_BUSY when another process wrote in between, instead of waiting for the lock.
    return this.commitBatch.immediate(batch);
  }

  private appendOne(pending: QueuedAppend): AppendResult {
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

  private duplicateIdError(pending: QueuedAppend): DuplicateEventIdError {
    const ids = pending.events.map((event) => event.eventId).filter((id): id is string => id !== undefined);
    const existing = ids.find(
      (id) => this.db.prepare('SELECT 1 FROM events WHERE event_id = ?').get(id) !== undefined,
    );
    const duplicateInBatch = ids.find((id, index) => ids.indexOf(id) !== index);
    return new DuplicateEventIdError(existing ?? duplicateInBatch ?? 'unknown');
  }
}

/** An error as it crosses from the writer thread (structured clone keeps neither class nor extra fields). */
export type WireError =
  | {
      readonly kind: 'wrongExpectedRevision';
      streamId: string;
      expected: ExpectedRevision;
      actual: number | null;
    }
  | { readonly kind: 'duplicateEventId'; eventId: string }
  | ({ readonly kind: 'other' } & PlainWireError);

/**
 * What the thread sends back of each written event: what the store assigned. The appender already holds the
 * type, data and metadata it sent, and rebuilds the recorded event from them (`fromWireOutcome`): cloning
 * every event back across threads cost the event loop more than parsing its JSON again.
 */
export interface WrittenEventStamp {
  readonly revision: number;
  readonly position: bigint;
  readonly eventId: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly recordedAt: string;
}

export type WireOutcome =
  | {
      ok: true;
      readonly nextExpectedRevision: number;
      readonly position: bigint;
      readonly written: readonly WrittenEventStamp[];
    }
  | { ok: false; error: WireError };

export function toWireOutcome(outcome: AppendOutcome): WireOutcome {
  if (!outcome.ok) return { ok: false, error: toWireError(outcome.error) };
  const { nextExpectedRevision, position, events } = outcome.result;
  return {
    ok: true,
    nextExpectedRevision,
    position,
    written: events.map((event) => ({
      revision: event.revision,
      position: event.position,
      eventId: event.eventId,
      prevHash: event.metadata.prevHash,
      hash: event.metadata.hash,
      recordedAt: event.recordedAt,
    })),
  };
}

/** The outcome `toWireOutcome` sent, with each recorded event rebuilt from the append it answers. */
export function fromWireOutcome(outcome: WireOutcome, append: QueuedAppend): AppendOutcome {
  if (!outcome.ok) return { ok: false, error: fromWireError(outcome.error) };
  if (outcome.written.length > append.events.length)
    return { ok: false, error: new Error('the writer thread answered for events it was not sent') };
  const events = outcome.written.map((stamp, index): RecordedEvent => {
    const sent = append.events[index] as QueuedAppend['events'][number];
    const metadata = JSON.parse(sent.metadata) as EventMetadataInput;
    return {
      streamId: append.streamId,
      revision: stamp.revision,
      position: stamp.position,
      eventId: stamp.eventId,
      type: sent.type,
      data: JSON.parse(sent.data) as JsonObject,
      metadata: { ...metadata, prevHash: stamp.prevHash, hash: stamp.hash },
      recordedAt: stamp.recordedAt,
    };
  });
  return {
    ok: true,
    result: { nextExpectedRevision: outcome.nextExpectedRevision, position: outcome.position, events },
  };
}

export function toWireError(error: unknown): WireError {
  if (error instanceof WrongExpectedRevisionError)
    return {
      kind: 'wrongExpectedRevision',
      streamId: error.streamId,
      expected: error.expected,
      actual: error.actual,
    };
  if (error instanceof DuplicateEventIdError) return { kind: 'duplicateEventId', eventId: error.eventId };
  return { kind: 'other', ...toPlainWireError(error) };
}

export function fromWireError(error: WireError): Error {
  switch (error.kind) {
    case 'wrongExpectedRevision':
      return new WrongExpectedRevisionError(error.streamId, error.expected, error.actual);
    case 'duplicateEventId':
      return new DuplicateEventIdError(error.eventId);
    default:
      return fromPlainWireError(error);
  }
}
