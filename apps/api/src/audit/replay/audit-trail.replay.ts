import { PERSONAL_DATA_FIELDS } from '@app/domain';
import { ERASED, isSealedEnvelope, type JsonObject, type RecordedEvent } from '@app/event-store';
import type { AuditStores } from '../audit-stores';

export const AUDIT_TRAIL_SUBJECTS = ['client', 'volunteer', 'match'] as const;
export type AuditTrailSubject = (typeof AUDIT_TRAIL_SUBJECTS)[number];

export interface TimeWindow {
  readonly from?: string;
  readonly to?: string;
}

export interface AuditTrailResult {
  readonly subjectType: AuditTrailSubject;
  readonly events: readonly RecordedEvent[];
  /** Personal fields shown, per event type, so that the read can be recorded as an access. */
  readonly personalFieldsShown: readonly string[];
}

export const WITHHELD = '[withheld]';

const inWindow = (at: string, window: TimeWindow): boolean =>
  (window.from === undefined || at >= window.from) && (window.to === undefined || at <= window.to);

/** Replaces every sealed field by a marker: the caller is not entitled to the personal data. */
function withhold(event: RecordedEvent): RecordedEvent {
  const data: JsonObject = {};
  for (const [key, value] of Object.entries(event.data))
    data[key] = isSealedEnvelope(value) ? WITHHELD : value;
  return { ...event, data };
}

const shownPersonalFields = (events: readonly RecordedEvent[]): string[] => [
  ...new Set(
    events.flatMap((event) =>
      (PERSONAL_DATA_FIELDS[event.type] ?? []).filter(
        (field) => event.data[field] !== undefined && event.data[field] !== ERASED,
      ),
    ),
  ),
];

/**
 * The events of a client, volunteer or match (ids are UUIDs, so at most one of the streams exists), recorded in
 * the window. Personal data is opened only when `personalData` is true; otherwise it is never decrypted.
 */
export async function readAuditTrail(
  stores: AuditStores,
  subjectId: string,
  window: TimeWindow,
  personalData: boolean,
): Promise<AuditTrailResult | null> {
  for (const subjectType of AUDIT_TRAIL_SUBJECTS) {
    const streamId = `${subjectType}-${subjectId}`;
    if ((await stores.raw.streamRevision(streamId)) === null) continue;
    const store = personalData ? stores.opened : stores.sealed;
    const events = (await store.readStream(streamId)).filter((event) => inWindow(event.recordedAt, window));
    return personalData
      ? { subjectType, events, personalFieldsShown: shownPersonalFields(events) }
      : { subjectType, events: events.map(withhold), personalFieldsShown: [] };
  }
  return null;
}
