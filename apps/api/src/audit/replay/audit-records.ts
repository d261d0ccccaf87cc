import type { ClientEvent } from '@app/domain';
import type { AuditRecord } from './domain-audit';
import type { RecordedEvent } from '@app/event-store';

const CLIENT_EVENT_TYPES: ReadonlySet<string> = new Set<ClientEvent['type']>([
  'ClientRegistered',
  'ClientContactUpdated',
  'ConsentGiven',
  'ConsentWithdrawn',
  'InformationDisclosed',
  'DisclosureRefused',
  'ClientPersonalDataErased',
  'ClientDeparted',
]);

const CLIENT_STREAM_PREFIX = 'client-';

export const isClientStream = (streamId: string): boolean => streamId.startsWith(CLIENT_STREAM_PREFIX);

export const clientIdOfStream = (streamId: string): string => streamId.slice(CLIENT_STREAM_PREFIX.length);

/**
 * A client event as the audit sees it. The data is the stored data (personal fields sealed or erased): the
 * audit reads only ids, purposes, recipients, categories and times, which stay in clear.
 */
export function toAuditRecord(event: RecordedEvent): AuditRecord | null {
  if (!CLIENT_EVENT_TYPES.has(event.type)) return null;
  return {
    event: { type: event.type, data: event.data } as unknown as ClientEvent,
    revision: event.revision,
    recordedAt: event.recordedAt,
    position: event.position.toString(),
  };
}

export const toAuditRecords = (events: readonly RecordedEvent[]): AuditRecord[] =>
  events.map(toAuditRecord).filter((record): record is AuditRecord => record !== null);
