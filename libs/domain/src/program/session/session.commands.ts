import type { DomainCommand } from '../../shared/decider';
import type { CalendarDate, Instant, Region } from '../../shared/reference-data';

interface SessionData {
  readonly sessionId: string;
  readonly date: CalendarDate;
  readonly region: Region;
  readonly facilitator: string;
  readonly attendees: readonly string[];
  readonly now: Instant;
}

export type RecordGroupMeeting = DomainCommand<'RecordGroupMeeting', SessionData>;
export type RecordSupervisionSession = DomainCommand<'RecordSupervisionSession', SessionData>;

export type SessionCommand = RecordGroupMeeting | RecordSupervisionSession;
