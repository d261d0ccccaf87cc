import type { Instant } from '../../shared/reference-data';
import type {
  RecordGroupMeetingAttendance,
  RecordSupervisionAttendance,
} from '../../volunteers/volunteer/volunteer.commands';
import type { SessionEvent } from './session.events';

/** Reflects a session's attendance on each attendee's volunteer record: one command per volunteer stream. */
export function attendanceCommands(
  event: SessionEvent,
  now: Instant,
): (RecordGroupMeetingAttendance | RecordSupervisionAttendance)[] {
  const type =
    event.type === 'GroupMeetingHeld' ? 'RecordGroupMeetingAttendance' : 'RecordSupervisionAttendance';
  return [...new Set(event.data.attendees)].map((volunteerId) => ({
    type,
    data: { volunteerId, sessionId: event.data.sessionId, date: event.data.date, now },
  }));
}
