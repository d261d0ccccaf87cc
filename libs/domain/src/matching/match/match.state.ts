import type { CalendarDate } from '../../shared/reference-data';
import type { MatchEvent, MeetingActivity } from './match.events';

export type MatchStatus = 'NONE' | 'PROPOSED' | 'ACTIVE' | 'PAUSED' | 'ENDED' | 'DECLINED';
export type MeetingStatus = 'LOGGED' | 'APPROVED' | 'DECLINED';

export interface MeetingRecord {
  readonly meetingId: string;
  readonly date: CalendarDate;
  readonly hours: number;
  readonly activity: MeetingActivity;
  readonly status: MeetingStatus;
}

export interface MatchState {
  readonly status: MatchStatus;
  readonly matchId?: string;
  readonly volunteerId?: string;
  readonly clientId?: string;
  readonly acceptedOn?: CalendarDate;
  readonly endedOn?: CalendarDate;
  readonly meetings: readonly MeetingRecord[];
}

export const initialMatchState: MatchState = { status: 'NONE', meetings: [] };

const withMeetingStatus = (state: MatchState, meetingId: string, status: MeetingStatus): MatchState => ({
  ...state,
  meetings: state.meetings.map((meeting) =>
    meeting.meetingId === meetingId ? { ...meeting, status } : meeting,
  ),
});

export function evolveMatch(state: MatchState, event: MatchEvent): MatchState {
  switch (event.type) {
    case 'MatchProposed':
      return {
        ...state,
        status: 'PROPOSED',
        matchId: event.data.matchId,
        volunteerId: event.data.volunteerId,
        clientId: event.data.clientId,
      };
    case 'MatchAccepted':
      return { ...state, status: 'ACTIVE', acceptedOn: event.data.acceptedOn };
    case 'MatchDeclined':
      return { ...state, status: 'DECLINED' };
    case 'MatchPaused':
      return { ...state, status: 'PAUSED' };
    case 'MatchResumed':
      return { ...state, status: 'ACTIVE' };
    case 'MatchEnded':
      return { ...state, status: 'ENDED', endedOn: event.data.endedOn };
    case 'MeetingLogged':
      return {
        ...state,
        meetings: [
          ...state.meetings,
          {
            meetingId: event.data.meetingId,
            date: event.data.date,
            hours: event.data.hours,
            activity: event.data.activity,
            status: 'LOGGED',
          },
        ],
      };
    case 'MeetingApproved':
      return withMeetingStatus(state, event.data.meetingId, 'APPROVED');
    case 'MeetingDeclined':
      return withMeetingStatus(state, event.data.meetingId, 'DECLINED');
  }
}

/** Hours count only once approved. */
export const approvedHours = (state: MatchState): number =>
  state.meetings
    .filter((meeting) => meeting.status === 'APPROVED')
    .reduce((sum, meeting) => sum + meeting.hours, 0);

/** The day of the last meeting that was not declined (a declined one did not happen), or null. */
export const lastMeetingOn = (state: MatchState): CalendarDate | null =>
  state.meetings.reduce<CalendarDate | null>(
    (latest, meeting) =>
      meeting.status !== 'DECLINED' && (latest === null || meeting.date > latest) ? meeting.date : latest,
    null,
  );
