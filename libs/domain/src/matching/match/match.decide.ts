import type { Decider, Decision, Rejection } from '../../shared/decider';
import {
  decideWith,
  distinct,
  mustBeDate,
  mustBeInstant,
  mustBeOneOf,
  mustBeReasonCode,
  mustNotBeBlank,
  violation,
  type Rule,
} from '../../shared/rules';
import { dateOf } from '../../shared/time';
import type {
  AcceptMatch,
  ApproveMeeting,
  ClientStanding,
  DeclineMatch,
  DeclineMeeting,
  EndMatch,
  LogMeeting,
  MatchCommand,
  PauseMatch,
  ProposeMatch,
  ResumeMatch,
} from './match.commands';
import {
  DECLINING_PARTIES,
  MATCH_CRITERIA,
  MEETING_ACTIVITIES,
  MEETING_PLACES,
  type MatchEvent,
} from './match.events';
import * as rules from './match.rules';
import { evolveMatch, initialMatchState, type MatchState } from './match.state';

/** Whoever the volunteer, a client who has left or whose data was erased is matched with no one. */
const clientStandingRules = (client: ClientStanding): Rule[] => [
  rules.clientMustNotBeErased(client),
  rules.clientMustNotHaveDeparted(client),
];

/**
 * Why no volunteer can be proposed to this client at all, or undefined when one can: the client's half of
 * ProposeMatch, for the queries that suggest proposals.
 */
export function clientMatchingRejection(client: ClientStanding): Rejection | undefined {
  const decision = decideWith<never>(clientStandingRules(client), () => []);
  return decision.ok ? undefined : decision.rejection;
}

const proposeMatch = ({ data }: ProposeMatch, state: MatchState): Decision<MatchEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.matchMustNotExist(state),
      mustNotBeBlank(data.volunteerId, 'volunteerId'),
      mustNotBeBlank(data.clientId, 'clientId'),
      mustNotBeBlank(data.proposedBy, 'proposedBy'),
      mustBeOneOf(data.rationale, MATCH_CRITERIA, 'rationale'),
      () =>
        data.clientLimit !== undefined && !(Number.isInteger(data.clientLimit) && data.clientLimit >= 1)
          ? violation('VALIDATION.UNKNOWN_VALUE', 'clientLimit')
          : undefined,
      ...clientStandingRules(data.client),
      rules.volunteerMustBeActive(data.volunteer),
      rules.volunteerMustBeInsured(data.volunteer, data.now),
      rules.volunteerMustServeClientRegion(data.volunteer, data.client),
      rules.volunteerAndClientMustShareLanguage(data.volunteer, data.client),
      rules.pairMustHaveNoOpenMatch(data.volunteer.openMatchesWithClient),
      rules.volunteerMustBeUnderClientLimit(data.volunteer, data.clientLimit),
    ],
    () => [
      {
        type: 'MatchProposed',
        data: {
          matchId: data.matchId,
          volunteerId: data.volunteerId,
          clientId: data.clientId,
          proposedBy: data.proposedBy,
          rationale: distinct(data.rationale),
          proposedAt: data.now,
        },
      },
    ],
  );

/**
 * Accepting only changes the match; the client's contact details reach the volunteer through the client-side
 * `DiscloseInformation` command, recorded (or refused) on the client's stream under its consent rules. The
 * client's standing is checked here, before anything is appended, so that the disclosure that follows cannot
 * be rejected for a reason known beforehand and leave an accepted match behind.
 */
const acceptMatch = ({ data }: AcceptMatch, state: MatchState): Decision<MatchEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.matchMustExist(state),
      rules.matchMustBeProposed(state),
      ...clientStandingRules(data.client ?? {}),
      () =>
        data.clientLimit !== undefined && !(Number.isInteger(data.clientLimit) && data.clientLimit >= 1)
          ? violation('VALIDATION.UNKNOWN_VALUE', 'clientLimit')
          : undefined,
      ...(data.volunteer === undefined
        ? []
        : [
            rules.volunteerMustBeActive(data.volunteer, null),
            rules.volunteerMustBeInsured(data.volunteer, data.now, null),
            rules.volunteerMustBeUnderClientLimit(data.volunteer, data.clientLimit, null),
          ]),
      rules.pairMustHaveNoOpenMatch(data.startedMatchesOfPair),
    ],
    () => [
      {
        type: 'MatchAccepted',
        data: {
          acceptedOn: dateOf(data.now),
          volunteerId: state.volunteerId ?? '',
          clientId: state.clientId ?? '',
        },
      },
    ],
  );

const declineMatch = ({ data }: DeclineMatch, state: MatchState): Decision<MatchEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.matchMustExist(state),
      rules.matchMustBeProposed(state),
      mustBeOneOf([data.by], DECLINING_PARTIES, 'by'),
      mustBeReasonCode(data.reasonCode, 'reasonCode'),
    ],
    () => [
      { type: 'MatchDeclined', data: { by: data.by, reasonCode: data.reasonCode, declinedAt: data.now } },
    ],
  );

const pauseMatch = ({ data }: PauseMatch, state: MatchState): Decision<MatchEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.matchMustExist(state),
      rules.matchMustBeActive(state),
      mustBeReasonCode(data.reasonCode, 'reasonCode'),
    ],
    () => [{ type: 'MatchPaused', data: { reasonCode: data.reasonCode, pausedAt: data.now } }],
  );

const resumeMatch = ({ data }: ResumeMatch, state: MatchState): Decision<MatchEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.matchMustExist(state),
      rules.matchMustBePaused(state),
      mustBeReasonCode(data.reasonCode, 'reasonCode'),
    ],
    () => [{ type: 'MatchResumed', data: { reasonCode: data.reasonCode, resumedAt: data.now } }],
  );

const endMatch = ({ data }: EndMatch, state: MatchState): Decision<MatchEvent> => {
  const endedOn = data.endedOn ?? dateOf(data.now);
  return decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.matchMustExist(state),
      rules.matchMustBeOpen(state),
      mustBeReasonCode(data.reasonCode, 'reasonCode'),
      mustBeDate(endedOn, 'endedOn'),
      rules.endDateMustNotBeInFuture(endedOn, data.now),
      rules.endDateMustNotPrecedeAcceptance(endedOn, state),
      rules.endDateMustNotPrecedeMeetings(endedOn, state),
    ],
    (): MatchEvent[] =>
      state.status === 'PROPOSED'
        ? [
            {
              type: 'MatchDeclined',
              data: { by: 'COORDINATOR', reasonCode: data.reasonCode, declinedAt: data.now },
            },
          ]
        : [
            {
              type: 'MatchEnded',
              data: { reasonCode: data.reasonCode, endedOn, volunteerId: state.volunteerId ?? '' },
            },
          ],
  );
};

const logMeeting = ({ data }: LogMeeting, state: MatchState): Decision<MatchEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.matchMustExist(state),
      rules.matchMustHaveStarted(state),
      rules.meetingIdMustBeNew(state, data.meetingId),
      mustBeDate(data.date, 'date'),
      rules.meetingMustNotBeInFuture(data.date, data.now),
      rules.meetingMustFallWithinMatch(state, data.date),
      rules.meetingHoursMustBeInRange(data.hours),
      rules.meetingHoursMustBeQuarterHours(data.hours),
      rules.meetingHoursOfDayMustNotExceedMaximum(state, data.date, data.hours),
      mustBeOneOf([data.activity], MEETING_ACTIVITIES, 'activity'),
      mustBeOneOf([data.place], MEETING_PLACES, 'place'),
      mustNotBeBlank(data.loggedBy, 'loggedBy'),
    ],
    () => [
      {
        type: 'MeetingLogged',
        data: {
          meetingId: data.meetingId,
          date: data.date,
          hours: data.hours,
          activity: data.activity,
          place: data.place,
          loggedBy: data.loggedBy,
          loggedAt: data.now,
        },
      },
    ],
  );

const approveMeeting = ({ data }: ApproveMeeting, state: MatchState): Decision<MatchEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.matchMustExist(state),
      rules.meetingMustExist(state, data.meetingId),
      rules.meetingMustBeUndecided(state, data.meetingId),
      mustNotBeBlank(data.by, 'by'),
    ],
    () => {
      const meeting = state.meetings.find((candidate) => candidate.meetingId === data.meetingId);
      if (meeting === undefined) return [];
      return [
        {
          type: 'MeetingApproved',
          data: {
            meetingId: data.meetingId,
            by: data.by,
            approvedAt: data.now,
            volunteerId: state.volunteerId ?? '',
            date: meeting.date,
            hours: meeting.hours,
            activity: meeting.activity,
          },
        },
      ];
    },
  );

const declineMeeting = ({ data }: DeclineMeeting, state: MatchState): Decision<MatchEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.matchMustExist(state),
      rules.meetingMustExist(state, data.meetingId),
      rules.meetingMustBeUndecided(state, data.meetingId),
      mustNotBeBlank(data.by, 'by'),
      mustBeReasonCode(data.reasonCode, 'reasonCode'),
    ],
    () => [
      {
        type: 'MeetingDeclined',
        data: {
          meetingId: data.meetingId,
          by: data.by,
          ...(data.reasonCode === undefined ? {} : { reasonCode: data.reasonCode }),
          declinedAt: data.now,
        },
      },
    ],
  );

export function decideMatch(command: MatchCommand, state: MatchState): Decision<MatchEvent> {
  switch (command.type) {
    case 'ProposeMatch':
      return proposeMatch(command, state);
    case 'AcceptMatch':
      return acceptMatch(command, state);
    case 'DeclineMatch':
      return declineMatch(command, state);
    case 'PauseMatch':
      return pauseMatch(command, state);
    case 'ResumeMatch':
      return resumeMatch(command, state);
    case 'EndMatch':
      return endMatch(command, state);
    case 'LogMeeting':
      return logMeeting(command, state);
    case 'ApproveMeeting':
      return approveMeeting(command, state);
    case 'DeclineMeeting':
      return declineMeeting(command, state);
  }
}

export const matchDecider: Decider<MatchCommand, MatchEvent, MatchState> = {
  initialState: initialMatchState,
  evolve: evolveMatch,
  decide: decideMatch,
};

export const matchStreamId = (matchId: string): string => `match-${matchId}`;
