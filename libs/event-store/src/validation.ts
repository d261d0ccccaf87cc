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

/** Rejects anything that would not survive JSON unchanged, naming the path but never the value. */
export function assertJsonSafe(
  value: unknown,
  path: string,
  seen: Set<object> = new Set(),
): asserts value is JsonValue {
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
        value.forEach((item, index) => assertJsonSafe(item, `${path}[${index}]`, seen));
      } else {
        const prototype: unknown = Object.getPrototypeOf(value);
        if (prototype !== Object.prototype && prototype !== null) {
          throw new InvalidEventDataError(
            path,
            'only plain objects are JSON (Date, Map, class instances are not)',
          );
        }
        for (const [key, item] of Object.entries(value)) assertJsonSafe(item, `${path}.${key}`, seen);
      }
      seen.delete(value);
      return;
    }
  }
}

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
    if (event.eventId !== undefined && (typeof event.eventId !== 'string' || event.eventId.length === 0)) {
      throw new InvalidEventDataError(`${path}.eventId`, 'expected a non-empty string');
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
}
