import type { SessionEvent } from '@app/domain';
import type { JsonObject } from '../document-store.port';
import { defineProjection } from '../projection';

export const PROGRAM_SESSIONS_READ_MODEL = 'program_sessions';

export type ProgramSessionKind = 'GROUP_MEETING' | 'SUPERVISION';

export interface ProgramSessionDocument extends JsonObject {
  sessionId: string;
  kind: ProgramSessionKind;
  date: string;
  region: string;
  /** Party id of whoever led the session. */
  facilitator: string;
  /** Volunteer ids. */
  attendees: string[];
  attendeeCount: number;
  recordedAt: string;
}

const KIND_OF: Record<SessionEvent['type'], ProgramSessionKind> = {
  GroupMeetingHeld: 'GROUP_MEETING',
  SupervisionSessionHeld: 'SUPERVISION',
};

/** Group meetings and supervision sessions, filterable by region, kind and date. */
export const programSessionsProjection = defineProjection<ProgramSessionDocument>({
  name: PROGRAM_SESSIONS_READ_MODEL,
  version: 1,
  handles: Object.keys(KIND_OF),
  fields: [
    { name: 'kind', type: 'string' },
    { name: 'region', type: 'string' },
    { name: 'date', type: 'string' },
    { name: 'attendees', type: 'string[]' },
  ],
  documentId: (event) => (typeof event.data.sessionId === 'string' ? event.data.sessionId : null),
  evolve: (document, recorded) => {
    // A session is recorded once (the decider refuses a second record), so the first event is the whole truth.
    if (document !== null) return document;
    const event = { type: recorded.type, data: recorded.data } as unknown as SessionEvent;
    return {
      sessionId: event.data.sessionId,
      kind: KIND_OF[event.type],
      date: event.data.date,
      region: event.data.region,
      facilitator: event.data.facilitator,
      attendees: [...event.data.attendees],
      attendeeCount: event.data.attendees.length,
      recordedAt: event.data.recordedAt,
    };
  },
});
