import type { CalendarDate, Instant } from '../../shared/reference-data';
import { violation, type Rule } from '../../shared/rules';
import { coversDay, dateOf, isCalendarDate } from '../../shared/time';
import {
  DEFAULT_CLIENT_LIMIT,
  type ClientFacts,
  type ClientStanding,
  type VolunteerFacts,
} from './match.commands';
import { lastMeetingOn, type MatchState } from './match.state';

export const matchMustNotExist =
  (state: MatchState): Rule =>
  () =>
    state.status === 'NONE' ? undefined : violation('MATCH.ALREADY_EXISTS');

export const matchMustExist =
  (state: MatchState): Rule =>
  () =>
    state.status === 'NONE' ? violation('MATCH.NOT_FOUND') : undefined;

/**
 * `field` names the input field the refusal points at: `volunteerId` for a proposal, none for an acceptance,
 * whose input names only the match.
 */
export const volunteerMustBeActive =
  (volunteer: Pick<VolunteerFacts, 'status'>, field: string | null = 'volunteerId'): Rule =>
  () =>
    volunteer.status === 'ACTIVE' ? undefined : violation('VOLUNTEER.NOT_ACTIVE', field ?? undefined);

/** Insurance must be in force on the day of the proposal, and again on the day of the acceptance. */
export const volunteerMustBeInsured =
  (volunteer: Pick<VolunteerFacts, 'insurance'>, now: Instant, field: string | null = 'volunteerId'): Rule =>
  () =>
    volunteer.insurance.some((policy) => coversDay(policy.from, policy.to, dateOf(now)))
      ? undefined
      : violation('VOLUNTEER.NOT_INSURED', field ?? undefined);

export const volunteerMustServeClientRegion =
  (volunteer: VolunteerFacts, client: ClientFacts): Rule =>
  () =>
    volunteer.regions.includes(client.region) ? undefined : violation('MATCH.REGION_MISMATCH');

export const volunteerAndClientMustShareLanguage =
  (volunteer: VolunteerFacts, client: ClientFacts): Rule =>
  () =>
    volunteer.languages.some((language) => client.languages.includes(language))
      ? undefined
      : violation('MATCH.NO_SHARED_LANGUAGE');

/** Matching hands the client's contact to a volunteer: there is none left to hand over after erasure. */
export const clientMustNotBeErased =
  (client: ClientStanding): Rule =>
  () =>
    client.erased === true ? violation('CLIENT.ERASED') : undefined;

/** A client who has left the program is matched with no one. */
export const clientMustNotHaveDeparted =
  (client: ClientStanding): Rule =>
  () =>
    client.departed === true ? violation('CLIENT.DEPARTED') : undefined;

/** A pair has one open match at a time: a twin would take a second place under the volunteer's limit. */
export const pairMustHaveNoOpenMatch =
  (openMatchesOfPair: number | undefined): Rule =>
  () =>
    (openMatchesOfPair ?? 0) > 0 ? violation('MATCH.ALREADY_EXISTS') : undefined;

export const volunteerMustBeUnderClientLimit =
  (
    volunteer: Pick<VolunteerFacts, 'currentMatchCount'>,
    clientLimit: number = DEFAULT_CLIENT_LIMIT,
    field: string | null = 'volunteerId',
  ): Rule =>
  () =>
    volunteer.currentMatchCount < clientLimit
      ? undefined
      : violation('VOLUNTEER.CLIENT_LIMIT_REACHED', field ?? undefined);

export const matchMustBeProposed =
  (state: MatchState): Rule =>
  () =>
    state.status === 'PROPOSED' ? undefined : violation('MATCH.NOT_PROPOSED');

export const matchMustBeActive =
  (state: MatchState): Rule =>
  () =>
    state.status === 'ACTIVE' ? undefined : violation('MATCH.NOT_ACTIVE');

export const matchMustBePaused =
  (state: MatchState): Rule =>
  () =>
    state.status === 'PAUSED' ? undefined : violation('MATCH.NOT_PAUSED');

export const matchMustBeOpen =
  (state: MatchState): Rule =>
  () =>
    state.status === 'ENDED' || state.status === 'DECLINED' ? violation('MATCH.CLOSED') : undefined;

/** Meetings belong to a match that was accepted (it may since have been paused or ended). */
export const matchMustHaveStarted =
  (state: MatchState): Rule =>
  () =>
    state.acceptedOn === undefined ? violation('MATCH.NOT_STARTED') : undefined;

export const meetingMustNotBeInFuture =
  (date: CalendarDate, now: Instant): Rule =>
  () =>
    isCalendarDate(date) && date > dateOf(now) ? violation('MEETING.IN_FUTURE', 'date') : undefined;

export const MAX_MEETING_HOURS = 12;

export const meetingHoursMustBeInRange =
  (hours: number): Rule =>
  () =>
    Number.isFinite(hours) && hours > 0 && hours <= MAX_MEETING_HOURS
      ? undefined
      : violation('MEETING.HOURS_OUT_OF_RANGE', 'hours');

/**
 * The cap on one meeting holds for a pair's day as well: otherwise the same twelve hours logged three times
 * (each a new meeting) would credit 36 hours for one day. Declined meetings no longer count. Summed in whole
 * quarter-hours so that no rounding lets a total slip past the cap.
 */
export const meetingHoursOfDayMustNotExceedMaximum =
  (state: MatchState, date: CalendarDate, hours: number): Rule =>
  () => {
    if (!Number.isFinite(hours)) return undefined;
    const quarters = (value: number): number => Math.round(value * 4);
    const alreadyLogged = state.meetings
      .filter((meeting) => meeting.date === date && meeting.status !== 'DECLINED')
      .reduce((sum, meeting) => sum + quarters(meeting.hours), 0);
    return alreadyLogged + quarters(hours) > quarters(MAX_MEETING_HOURS)
      ? violation('MEETING.HOURS_OUT_OF_RANGE', 'hours')
      : undefined;
  };

export const meetingHoursMustBeQuarterHours =
  (hours: number): Rule =>
  () =>
    Number.isInteger(hours * 4) ? undefined : violation('MEETING.HOURS_NOT_QUARTER', 'hours');

export const meetingMustFallWithinMatch =
  (state: MatchState, date: CalendarDate): Rule =>
  () =>
    state.acceptedOn !== undefined &&
    isCalendarDate(date) &&
    !coversDay(state.acceptedOn, state.endedOn, date)
      ? violation('MEETING.OUTSIDE_MATCH_PERIOD', 'date')
      : undefined;

export const meetingIdMustBeNew =
  (state: MatchState, meetingId: string): Rule =>
  () =>
    state.meetings.some((meeting) => meeting.meetingId === meetingId)
      ? violation('MEETING.ALREADY_LOGGED', 'meetingId')
      : undefined;

export const meetingMustExist =
  (state: MatchState, meetingId: string): Rule =>
  () =>
    state.meetings.some((meeting) => meeting.meetingId === meetingId)
      ? undefined
      : violation('MEETING.NOT_FOUND', 'meetingId');

/** Approval and decline are final: nothing is deleted or overwritten. */
export const meetingMustBeUndecided =
  (state: MatchState, meetingId: string): Rule =>
  () =>
    state.meetings.find((meeting) => meeting.meetingId === meetingId)?.status === 'LOGGED'
      ? undefined
      : violation('MEETING.ALREADY_DECIDED', 'meetingId');

export const endDateMustNotBeInFuture =
  (endedOn: CalendarDate, now: Instant): Rule =>
  () =>
    isCalendarDate(endedOn) && endedOn > dateOf(now)
      ? violation('VALIDATION.DATE_IN_FUTURE', 'endedOn')
      : undefined;

/** A match's record must hold its meetings: it cannot end before one of them (declined ones did not happen). */
export const endDateMustNotPrecedeMeetings =
  (endedOn: CalendarDate, state: MatchState): Rule =>
  () =>
    isCalendarDate(endedOn) && (lastMeetingOn(state) ?? endedOn) > endedOn
      ? violation('MATCH.END_BEFORE_LAST_MEETING', 'endedOn')
      : undefined;

export const endDateMustNotPrecedeAcceptance =
  (endedOn: CalendarDate, state: MatchState): Rule =>
  () =>
    state.acceptedOn !== undefined && isCalendarDate(endedOn) && endedOn < state.acceptedOn
      ? violation('MATCH.END_BEFORE_START', 'endedOn')
      : undefined;
