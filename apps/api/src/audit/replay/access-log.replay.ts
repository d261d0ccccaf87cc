import type { EventStore } from '@app/event-store';
import { clientAccessStream, PERSONAL_DATA_ACCESSED } from '../../platform/access/access-recorder';
import type { TimeWindow } from './audit-trail.replay';

export interface AccessLogRecord {
  readonly accessedAt: string;
  readonly accessedBy: string;
  readonly role: string;
  readonly operation: string;
  readonly fields: readonly string[];
  readonly correlationId: string;
  readonly position: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Who read the client's personal data, when and through which operation, from the client's access stream. */
export async function readAccessLog(
  store: EventStore,
  clientId: string,
  window: TimeWindow,
): Promise<AccessLogRecord[]> {
  const events = await store.readStream(clientAccessStream(clientId));
  return events
    .filter((event) => event.type === PERSONAL_DATA_ACCESSED)
    .map((event) => ({
      accessedAt: text(event.data.accessedAt) || event.recordedAt,
      accessedBy: text(event.data.accessedBy) || event.metadata.actor.id,
      role: text(event.data.role) || event.metadata.actor.role,
      operation: text(event.data.operation),
      fields: Array.isArray(event.data.fields) ? event.data.fields.map(text) : [],
      correlationId: event.metadata.correlationId,
      position: event.position.toString(),
    }))
    .filter(
      (entry) =>
        (window.from === undefined || entry.accessedAt >= window.from) &&
        (window.to === undefined || entry.accessedAt <= window.to),
    );
}
