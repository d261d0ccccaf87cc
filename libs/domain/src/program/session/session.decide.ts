import type { Decider, Decision } from '../../shared/decider';
import { REGIONS, type CalendarDate, type Instant } from '../../shared/reference-data';
import {
  decideWith,
  distinct,
  mustBeDate,
  mustBeInstant,
  mustBeOneOf,
  mustBePartyIds,
  mustNotBeBlank,
  violation,
  type Rule,
} from '../../shared/rules';
import { dateOf, isCalendarDate } from '../../shared/time';
import type { SessionCommand } from './session.commands';
import type { SessionEvent } from './session.events';

export interface SessionState {
  readonly recorded: boolean;
}

export const initialSessionState: SessionState = { recorded: false };

export const evolveSession = (state: SessionState, event: SessionEvent): SessionState => {
  switch (event.type) {
    case 'GroupMeetingHeld':
    case 'SupervisionSessionHeld':
      return { ...state, recorded: true };
  }
};

export const sessionMustBeNew =
  (state: SessionState): Rule =>
  () =>
    state.recorded ? violation('SESSION.ALREADY_RECORDED') : undefined;

export const sessionMustHaveHappened =
  (date: CalendarDate, now: Instant): Rule =>
  () =>
    isCalendarDate(date) && date > dateOf(now) ? violation('SESSION.IN_FUTURE', 'date') : undefined;

export const sessionMustHaveAttendees =
  (attendees: readonly string[]): Rule =>
  () =>
    attendees.some((attendee) => attendee.trim() !== '')
      ? undefined
      : violation('SESSION.NO_ATTENDEES', 'attendees');

export function decideSession(command: SessionCommand, state: SessionState): Decision<SessionEvent> {
  const { data } = command;
  const type = command.type === 'RecordGroupMeeting' ? 'GroupMeetingHeld' : 'SupervisionSessionHeld';
  return decideWith(
    [
      mustBeInstant(data.now, 'now'),
      sessionMustBeNew(state),
      mustBeDate(data.date, 'date'),
      sessionMustHaveHappened(data.date, data.now),
      mustBeOneOf([data.region], REGIONS, 'region'),
      mustNotBeBlank(data.facilitator, 'facilitator'),
      mustBePartyIds([data.facilitator], 'facilitator'),
      sessionMustHaveAttendees(data.attendees),
    ],
    () => [
      {
        type,
        data: {
          sessionId: data.sessionId,
          date: data.date,
          region: data.region,
          facilitator: data.facilitator,
          attendees: distinct(data.attendees.filter((attendee) => attendee.trim() !== '')),
          recordedAt: data.now,
        },
      },
    ],
  );
}

export const sessionDecider: Decider<SessionCommand, SessionEvent, SessionState> = {
  initialState: initialSessionState,
  evolve: evolveSession,
  decide: decideSession,
};

export const sessionStreamId = (sessionId: string): string => `session-${sessionId}`;
