import {
  ANY,
  ErrorType,
  NO_STREAM,
  STREAM_EXISTS,
  excludeSystemEvents,
  eventTypeFilter,
  isCommandError,
  streamNameFilter,
  type AppendExpectedRevision,
  type Filter,
  type Position,
  type StreamDeletedError,
  type StreamNotFoundError,
  type WrongExpectedVersionError,
} from '@eventstore/db-client';
import { InvalidReadOptionError } from '../../errors';
import { chainedMetadataFields } from '../../hash-chain';
import type { EventFilter, EventMetadata, ExpectedRevision, JsonObject, RecordedEvent } from '../../port';
import { matchesEventFilter } from '../../validation';
import { EsdbUnreadableEventError } from './esdb.errors';

/** What the adapter needs of an event as the client returns it; the client's own generic types fit it. */
export interface EsdbStoredEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: Position;
}

/** A read or subscription result: the event, and for `$all` reads the commit position beside it. */
export interface EsdbResolvedEvent {
  readonly event?: EsdbStoredEvent;
  readonly commitPosition?: bigint;
}

/** Servers before 22.6 report "no position" on stream reads as the largest unsigned 64-bit value. */
const UNKNOWN_POSITION = 2n ** 64n - 1n;

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

/**
 * The revision sent with an append. The hash chain needs the exact predecessor, so even `any` and
 * `stream_exists` are sent as the revision that was read; only the caller's own exact expectations pass
 * through unchanged.
 */
export function appendRevisionFor(
  expected: ExpectedRevision,
  headRevision: number | null,
): AppendExpectedRevision {
  if (expected === 'any' || expected === 'stream_exists') {
    return headRevision === null ? NO_STREAM : BigInt(headRevision);
  }
  return toEsdbExpectedRevision(expected);
}

export { revisionMatches } from '../../validation';

/** Whether an append that was refused on a revision conflict may be retried after reading the head again. */
export const retriesOnConflict = (expected: ExpectedRevision): boolean =>
  expected === 'any' || expected === 'stream_exists';

export function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionError {
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION;
}

/** A stream never written, or deleted by an operator (a tombstone): either way it holds nothing to read. */
export function isStreamNotFound(error: unknown): error is StreamNotFoundError | StreamDeletedError {
  return (
    error instanceof Error &&
    isCommandError(error) &&
    (error.type === ErrorType.STREAM_NOT_FOUND || error.type === ErrorType.STREAM_DELETED)
  );
}

const actualRevisionOf = (version: unknown): number | null =>
  typeof version === 'bigint' && version >= 0n ? Number(version) : null;

/**
 * Whether an append ended in a conflict, and the stream's actual revision when the client reported one. A
 * connection string with `throwOnAppendFailure=false` makes the client resolve `{ success: false }` instead of
 * throwing; that is a conflict all the same, but its revision cannot be trusted (client 6.2.1's batch append
 * reports `1n` whatever the stream holds), so it is `'unknown'` and read again.
 */
export function appendConflict(
  outcome: { readonly success: boolean; readonly nextExpectedRevision: bigint } | { readonly error: unknown },
): { readonly actual: number | null | 'unknown' } | null {
  if ('error' in outcome) {
    if (!isWrongExpectedVersion(outcome.error)) throw outcome.error;
    return { actual: actualRevisionOf(outcome.error.actualVersion) };
  }
  return outcome.success ? null : { actual: 'unknown' };
}

/**
 * ESDB positions are commit/prepare pairs; every event this adapter writes is a committed prepare, whose
 * two positions are equal, so the commit position alone identifies it.
 */
export const toEsdbPosition = (position: bigint): Position => ({ commit: position, prepare: position });

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const nonEmpty = (values: readonly string[] | undefined): readonly string[] | undefined =>
  values === undefined || values.length === 0 ? undefined : values;

/**
 * The server-side filter of a `$all` subscription. ESDB filters on one thing only, so categories win
 * (usually the narrower) and `matchesFilter` applies the rest on arrival. Both kinds of filter leave out
 * system events, since categories are camelCase and event types PascalCase, never `$`.
 */
export function serverFilterFor(filter: EventFilter | undefined): Filter {
  const categories = nonEmpty(filter?.streamCategories);
  if (categories !== undefined)
    return streamNameFilter({ prefixes: categories.map((category) => `${category}-`) });
  const eventTypes = nonEmpty(filter?.eventTypes);
  if (eventTypes !== undefined) {
    // A regex rather than prefixes: the prefix `ConsentGiven` would also let `ConsentGivenV2` through.
    return eventTypeFilter({ regex: `^(?:${eventTypes.map(escapeRegex).join('|')})$` });
  }
  return excludeSystemEvents();
}

/** Streams and event types starting with `$` belong to the server (metadata, links, statistics, projections). */
export const isSystemEvent = (event: { readonly streamId: string; readonly type: string }): boolean =>
  event.streamId.startsWith('$') || event.type.startsWith('$');

/** An empty list means "no restriction", as in the SQLite adapter. */
export function matchesFilter(
  event: { readonly streamId: string; readonly type: string; readonly revision: bigint },
  filter: EventFilter | undefined,
): boolean {
  return !isSystemEvent(event) && matchesEventFilter(event, filter);
}

/** Only the fields the hash covers are stored, so nothing in the metadata escapes the chain. */
export function storedMetadata(metadata: EventMetadata): JsonObject {
  return {
    ...(chainedMetadataFields(metadata) as unknown as JsonObject),
    prevHash: metadata.prevHash,
    hash: metadata.hash,
  };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

function parseStoredMetadata(value: unknown, fail: (reason: string) => never): EventMetadata {
  if (!isPlainObject(value)) return fail('metadata is not a JSON object');
  const text = (key: string): string => {
    const field = value[key];
    return typeof field === 'string' ? field : fail(`metadata.${key} is not a string`);
  };
  const actor = value.actor;
  if (!isPlainObject(actor) || typeof actor.id !== 'string' || typeof actor.role !== 'string') {
    return fail('metadata.actor is not an actor');
  }
  const causationId = value.causationId;
  if (causationId !== null && typeof causationId !== 'string')
    return fail('metadata.causationId is not a string');
  const schemaVersion = value.schemaVersion;
  if (typeof schemaVersion !== 'number') return fail('metadata.schemaVersion is not a number');
  const commandFingerprint = value.commandFingerprint;
  if (commandFingerprint !== undefined && typeof commandFingerprint !== 'string')
    return fail('metadata.commandFingerprint is not a string');
  return {
    commandId: text('commandId'),
    correlationId: text('correlationId'),
    causationId,
    actor: { id: actor.id, role: actor.role },
    occurredAt: text('occurredAt'),
    schemaVersion,
    ...(commandFingerprint === undefined ? {} : { commandFingerprint }),
    prevHash: text('prevHash'),
    hash: text('hash'),
  };
}

/** The event's global position: its own commit position, else the one the read reported beside it. */
function positionOf(event: EsdbStoredEvent, reportedCommitPosition: bigint | undefined): bigint | undefined {
  const own = event.position?.commit;
  if (own !== undefined && own !== UNKNOWN_POSITION) return own;
  if (reportedCommitPosition !== undefined && reportedCommitPosition !== UNKNOWN_POSITION)
    return reportedCommitPosition;
  return undefined;
}

/** ESDB's own `created` time (millisecond precision) is the store's recorded time. */
export function toRecordedEvent(event: EsdbStoredEvent, reportedCommitPosition?: bigint): RecordedEvent {
  const revision = Number(event.revision);
  const fail = (reason: string): never => {
    throw new EsdbUnreadableEventError(event.streamId, revision, reason);
  };
  if (!event.isJson || !isPlainObject(event.data)) return fail('data is not a JSON object');
  const position = positionOf(event, reportedCommitPosition);
  if (position === undefined)
    return fail('the server reported no position (EventStoreDB 22.6 or later is required)');
  return {
    streamId: event.streamId,
    revision,
    position,
    eventId: event.id,
    type: event.type,
    data: event.data as JsonObject,
    metadata: parseStoredMetadata(event.metadata, fail),
    recordedAt: event.created.toISOString(),
  };
}

/** A `$all` result as one of our events, or `null` for links, system events and events the filter leaves out. */
export function toRecordedEventFromAll(
  resolved: EsdbResolvedEvent,
  filter: EventFilter | undefined,
): { readonly position: bigint | undefined; readonly event: RecordedEvent | null } {
  const stored = resolved.event;
  if (stored === undefined) return { position: resolved.commitPosition, event: null };
  const position = positionOf(stored, resolved.commitPosition);
  if (!matchesFilter(stored, filter)) return { position, event: null };
  return { position, event: toRecordedEvent(stored, resolved.commitPosition) };
}

export function assertCount(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new InvalidReadOptionError(name, 'expected a non-negative integer');
  }
}

export function assertPosition(name: string, value: bigint | undefined): void {
  if (value !== undefined && !(typeof value === 'bigint' && value >= 0n)) {
    throw new InvalidReadOptionError(name, 'expected a non-negative bigint');
  }
}

/** Milliseconds since the epoch of an ISO-8601 bound, or `undefined` when there is none. */
export function parseInstant(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const instant = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(instant)) throw new InvalidReadOptionError(name, 'expected an ISO-8601 instant');
  return instant;
}
