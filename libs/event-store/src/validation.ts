import { InvalidEventDataError, InvalidExpectedRevisionError, InvalidStreamIdError } from './errors';
import type { EventFilter, EventToAppend, ExpectedRevision, JsonValue } from './port';

/** `<category>-<id>` with a camelCase category, e.g. `client-0193…`. */
const STREAM_ID = /^[a-z][a-zA-Z0-9]*-[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const MAX_STREAM_ID_LENGTH = 200;

export function assertValidStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string') throw new InvalidStreamIdError('not a string');
  if (streamId.length === 0) throw new InvalidStreamIdError('empty');
  if (streamId.length > MAX_STREAM_ID_LENGTH)
    throw new InvalidStreamIdError(`longer than ${MAX_STREAM_ID_LENGTH}`);
  if (!STREAM_ID.test(streamId)) throw new InvalidStreamIdError('expected <camelCaseCategory>-<id>');
}

export const streamCategory = (streamId: string): string => streamId.slice(0, streamId.indexOf('-'));

/** Whether a stream at revision `actual` (`null`: no stream) satisfies the expected revision of an append. */
export function revisionMatches(expected: ExpectedRevision, actual: number | null): boolean {
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

/** An EventFilter applied to one event; an empty list means "no restriction", as in every adapter. */
export function matchesEventFilter(
  event: { readonly streamId: string; readonly type: string; readonly revision: number | bigint },
  filter: EventFilter | undefined,
): boolean {
  if (filter === undefined) return true;
  if (filter.firstEventsOnly === true && Number(event.revision) !== 0) return false;
  const { eventTypes, streamCategories } = filter;
  if (eventTypes !== undefined && eventTypes.length > 0 && !eventTypes.includes(event.type)) return false;
  return (
    streamCategories === undefined ||
    streamCategories.length === 0 ||
    streamCategories.includes(streamCategory(event.streamId))
  );
}

export function assertValidExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new InvalidExpectedRevisionError(expected);
}

/** Deeper than any event we write: past it the detailed walk decides (and catches a cycle). */
const FAST_CHECK_MAX_DEPTH = 64;

/**
 * Whether `value` survives JSON unchanged, without building a path for every value: every append checks its
 * events, and the paths are only needed to explain a refusal. Anything deeper than the limit counts as a
 * problem here, so that cycles end this walk and the detailed one judges.
 */
function isJsonSafe(value: unknown, depth: number): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (depth >= FAST_CHECK_MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) if (!isJsonSafe(item, depth + 1)) return false;
        return true;
      }
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      for (const key in value) {
        if (Object.hasOwn(value, key) && !isJsonSafe((value as Record<string, unknown>)[key], depth + 1))
          return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** Rejects anything that would not survive JSON unchanged, naming the path but never the value. */
export function assertJsonSafe(value: unknown, path: string): asserts value is JsonValue {
  if (!isJsonSafe(value, 0)) explainJsonUnsafe(value, path, new Set());
}

/** The refusal `isJsonSafe` found, with the path of the first offending value. */
function explainJsonUnsafe(value: unknown, path: string, seen: Set<object>): void {
  if (value === null) return;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidEventDataError(path, 'number is not finite');
      return;
    case 'undefined':
      throw new InvalidEventDataError(path, 'undefined is not JSON');
    case 'bigint':
      throw new InvalidEventDataError(path, 'BigInt is not JSON; use a string');
    case 'function':
    case 'symbol':
      throw new InvalidEventDataError(path, `${typeof value} is not JSON`);
    case 'object': {
      if (seen.has(value)) throw new InvalidEventDataError(path, 'cyclic reference');
      seen.add(value);
      if (Array.isArray(value)) {
        value.forEach((item, index) => explainJsonUnsafe(item, `${path}[${index}]`, seen));
      } else {
        const prototype: unknown = Object.getPrototypeOf(value);
        if (prototype !== Object.prototype && prototype !== null) {
          throw new InvalidEventDataError(
            path,
            'only plain objects are JSON (Date, Map, class instances are not)',
          );
        }
        for (const [key, item] of Object.entries(value)) explainJsonUnsafe(item, `${path}.${key}`, seen);
      }
      seen.delete(value);
      return;
    }
  }
}

/**
 * A supplied event id is a UUID written in lower case: EventStoreDB stores ids as UUIDs and gives them back in
 * lower case, so any other id would be refused there, or read back as another id.
 */
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function assertValidEvents(events: readonly EventToAppend[]): void {
  const list: unknown = events;
  if (!Array.isArray(list)) throw new InvalidEventDataError('events', 'expected an array');
  events.forEach((event, index) => {
    const path = `events[${index}]`;
    if (event === null || typeof event !== 'object')
      throw new InvalidEventDataError(path, 'expected an object');
    if (typeof event.type !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(event.type)) {
      throw new InvalidEventDataError(`${path}.type`, 'expected a PascalCase event type');
    }
    if (event.data === null || typeof event.data !== 'object' || Array.isArray(event.data)) {
      throw new InvalidEventDataError(`${path}.data`, 'expected an object');
    }
    if (event.eventId !== undefined && (typeof event.eventId !== 'string' || !EVENT_ID.test(event.eventId))) {
      throw new InvalidEventDataError(`${path}.eventId`, 'expected a UUID in lower case');
    }
    assertJsonSafe(event.data, `${path}.data`);
    assertValidMetadata(event.metadata, `${path}.metadata`);
  });
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** The fields the hash chain covers must all be present, or the hash would silently cover less than it claims. */
export function assertValidMetadata(metadata: unknown, path: string): void {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new InvalidEventDataError(path, 'expected an object');
  }
  assertJsonSafe(metadata, path);
  const fields = metadata as Record<string, unknown>;
  for (const key of ['commandId', 'correlationId', 'occurredAt'] as const) {
    if (!isString(fields[key])) throw new InvalidEventDataError(`${path}.${key}`, 'expected a string');
  }
  if (fields.causationId !== null && !isString(fields.causationId)) {
    throw new InvalidEventDataError(`${path}.causationId`, 'expected a string or null');
  }
  const actor = fields.actor as Record<string, unknown> | null | undefined;
  if (actor === null || typeof actor !== 'object' || !isString(actor.id) || !isString(actor.role)) {
    throw new InvalidEventDataError(`${path}.actor`, 'expected { id, role } strings');
  }
  if (
    typeof fields.schemaVersion !== 'number' ||
    !Number.isSafeInteger(fields.schemaVersion) ||
    fields.schemaVersion < 1
  ) {
    throw new InvalidEventDataError(`${path}.schemaVersion`, 'expected a positive integer');
  }
  if (fields.commandFingerprint !== undefined && !isString(fields.commandFingerprint)) {
    throw new InvalidEventDataError(`${path}.commandFingerprint`, 'expected a string when present');
  }
}
