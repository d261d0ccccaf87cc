import type { DomainEvent } from '../../shared/decider';
import type { CalendarDate, Instant, ReasonCode } from '../../shared/reference-data';

/** Why a coordinator proposes a match, as criteria codes (free text could carry personal data). */
export const MATCH_CRITERIA = ['REGION', 'LANGUAGE', 'NEEDS', 'AVAILABILITY', 'LOAD'] as const;
export type MatchCriterion = (typeof MATCH_CRITERIA)[number];

export const DECLINING_PARTIES = ['VOLUNTEER', 'CLIENT', 'COORDINATOR'] as const;
export type DecliningParty = (typeof DECLINING_PARTIES)[number];

export const MEETING_ACTIVITIES = [
  'CZECH_PRACTICE',
  'ACCOMPANIMENT',
  'LEISURE',
  'ORIENTATION',
  'TUTORING',
] as const;
export type MeetingActivity = (typeof MEETING_ACTIVITIES)[number];

export const MEETING_PLACES = ['ON_PREMISES', 'OUTSIDE'] as const;
export type MeetingPlace = (typeof MEETING_PLACES)[number];

export type MatchProposed = DomainEvent<
  'MatchProposed',
  {
    readonly matchId: string;
    readonly volunteerId: string;
    readonly clientId: string;
    readonly proposedBy: string;
    readonly rationale: readonly MatchCriterion[];
    readonly proposedAt: Instant;
  }
>;

/** Carries both parties so that the client-side disclosure of contact details can follow without a lookup. */
export type MatchAccepted = DomainEvent<
  'MatchAccepted',
  { readonly acceptedOn: CalendarDate; readonly volunteerId: string; readonly clientId: string }
>;

export type MatchDeclined = DomainEvent<
  'MatchDeclined',
  { readonly by: DecliningParty; readonly reasonCode: ReasonCode; readonly declinedAt: Instant }
>;

export type MatchPaused = DomainEvent<
  'MatchPaused',
  { readonly reasonCode: ReasonCode; readonly pausedAt: Instant }
>;
export type MatchResumed = DomainEvent<
  'MatchResumed',
  { readonly reasonCode: ReasonCode; readonly resumedAt: Instant }
>;
export type MatchEnded = DomainEvent<
  'MatchEnded',
  { readonly reasonCode: ReasonCode; readonly endedOn: CalendarDate; readonly volunteerId: string }
>;

export type MeetingLogged = DomainEvent<
  'MeetingLogged',
  {
    readonly meetingId: string;
    readonly date: CalendarDate;
    readonly hours: number;
    readonly activity: MeetingActivity;
    readonly place: MeetingPlace;
    readonly loggedBy: string;
    readonly loggedAt: Instant;
  }
>;

/** Repeats the meeting's facts: approved hours are what certificates count, without re-reading the match. */
export type MeetingApproved = DomainEvent<
  'MeetingApproved',
  {
    readonly meetingId: string;
    readonly by: string;
    readonly approvedAt: Instant;
    readonly volunteerId: string;
    readonly date: CalendarDate;
    readonly hours: number;
    readonly activity: MeetingActivity;
  }
>;

export type MeetingDeclined = DomainEvent<
  'MeetingDeclined',
  {
    readonly meetingId: string;
    readonly by: string;
    readonly reasonCode?: ReasonCode;
    readonly declinedAt: Instant;
  }
>;

export type MatchEvent =
  | MatchProposed
  | MatchAccepted
  | MatchDeclined
  | MatchPaused
  | MatchResumed
  | MatchEnded
  | MeetingLogged
  | MeetingApproved
  | MeetingDeclined;
