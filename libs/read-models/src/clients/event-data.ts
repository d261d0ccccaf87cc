import type { RecordedEvent } from '@app/event-store';

export const CLIENT_STREAM_PREFIX = 'client-';

/** The client a client-stream event belongs to, or null for any other stream. */
export const clientIdOf = (event: RecordedEvent): string | null =>
  event.streamId.startsWith(CLIENT_STREAM_PREFIX) ? event.streamId.slice(CLIENT_STREAM_PREFIX.length) : null;

/**
 * The document of one record of a client (a consent, a disclosure request), named by `field` of the event's
 * data, or null outside client streams. Record ids derive from the caller's idempotency key, which nothing
 * stops a caller reusing on another client: the client's id keeps their records apart.
 */
export function clientRecordIdOf(event: RecordedEvent, field: string): string | null {
  const clientId = clientIdOf(event);
  const recordId = event.data[field];
  return clientId === null || typeof recordId !== 'string' ? null : clientRecordId(clientId, recordId);
}

export const clientRecordId = (clientId: string, recordId: string): string => `${clientId}:${recordId}`;

export const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/**
 * The event's data as the domain declares it. Personal fields may instead hold the `[erased]` marker after
 * crypto-shredding, which is why they are still read through `text`/`contactOf` rather than trusted.
 */
export const dataOf = <Data>(event: RecordedEvent): Data => event.data as unknown as Data;
