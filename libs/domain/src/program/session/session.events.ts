import type { DomainEvent } from '../../shared/decider';
import type { CalendarDate, Instant, Region } from '../../shared/reference-data';

interface SessionHeldData {
  readonly sessionId: string;
  readonly date: CalendarDate;
  readonly region: Region;
  /** Party id of whoever led the session. */
  readonly facilitator: string;
  /** Volunteer ids. */
  readonly attendees: readonly string[];
  readonly recordedAt: Instant;
}

/** The monthly group meeting of volunteers. */
export type GroupMeetingHeld = DomainEvent<'GroupMeetingHeld', SessionHeldData>;
/** Supervision, four times a year. */
export type SupervisionSessionHeld = DomainEvent<'SupervisionSessionHeld', SessionHeldData>;

export type SessionEvent = GroupMeetingHeld | SupervisionSessionHeld;
