import type { DomainCommand } from '../../shared/decider';
import type { CalendarDate, Instant, LanguageCode, ReasonCode, Region } from '../../shared/reference-data';
import type { DecliningParty, MatchCriterion, MeetingActivity, MeetingPlace } from './match.events';

export type VolunteerStatus = 'APPLICANT' | 'IN_TRAINING' | 'ACTIVE' | 'PAUSED' | 'LEFT';

/** What the handler looked up about the volunteer when the proposal was made. */
export interface VolunteerFacts {
  readonly status: VolunteerStatus;
  readonly insurance: readonly { readonly from: CalendarDate; readonly to: CalendarDate }[];
  readonly regions: readonly Region[];
  readonly languages: readonly LanguageCode[];
  /** Matches of this volunteer that are ACTIVE or PAUSED (a paused match still holds its place). */
  readonly currentMatchCount: number;
  /**
   * Matches of this volunteer with this very client that are PROPOSED, ACTIVE or PAUSED: one open match per
   * pair. Omitted reads as none (callers that create their own pairs, such as process-manager specs).
   */
  readonly openMatchesWithClient?: number;
}

/**
 * What the handler looked up about the client's standing, on the client's own stream. Omitted reads as in the
 * program with data intact; the API always looks.
 */
export interface ClientStanding {
  /** The client has left the program (ClientDeparted). */
  readonly departed?: boolean;
  /** The client's personal data has been erased (ClientPersonalDataErased). */
  readonly erased?: boolean;
}

export interface ClientFacts extends ClientStanding {
  readonly region: Region;
  readonly languages: readonly LanguageCode[];
}

export const DEFAULT_CLIENT_LIMIT = 2;

export type ProposeMatch = DomainCommand<
  'ProposeMatch',
  {
    readonly matchId: string;
    readonly volunteerId: string;
    readonly clientId: string;
    readonly proposedBy: string;
    readonly rationale: readonly MatchCriterion[];
    readonly volunteer: VolunteerFacts;
    readonly client: ClientFacts;
    /** How many clients one volunteer may guide at once; DEFAULT_CLIENT_LIMIT when omitted. */
    readonly clientLimit?: number;
    readonly now: Instant;
  }
>;

export type AcceptMatch = DomainCommand<
  'AcceptMatch',
  {
    readonly matchId: string;
    readonly client?: ClientStanding;
    /**
     * ACTIVE or PAUSED matches of the same volunteer and client: a twin proposed before the one-open-match
     * rule, or concurrently with this match, must not start as well. Omitted reads as none.
     */
    readonly startedMatchesOfPair?: number;
    /**
     * The volunteer as the handler read them at acceptance: a match starts only with a volunteer who is still
     * ACTIVE, insured that day and under the client limit, whatever changed since the proposal (a pause, a
     * lapsed policy, other proposals accepted meanwhile). Omitted skips these checks (specs of other rules).
     */
    readonly volunteer?: Pick<VolunteerFacts, 'status' | 'insurance' | 'currentMatchCount'>;
    /** How many clients one volunteer may guide at once; DEFAULT_CLIENT_LIMIT when omitted. */
    readonly clientLimit?: number;
    readonly now: Instant;
  }
>;

export type DeclineMatch = DomainCommand<
  'DeclineMatch',
  {
    readonly matchId: string;
    readonly by: DecliningParty;
    readonly reasonCode: ReasonCode;
    readonly now: Instant;
  }
>;

export type PauseMatch = DomainCommand<
  'PauseMatch',
  { readonly matchId: string; readonly reasonCode: ReasonCode; readonly now: Instant }
>;
export type ResumeMatch = DomainCommand<
  'ResumeMatch',
  { readonly matchId: string; readonly reasonCode: ReasonCode; readonly now: Instant }
>;

/** Ending a match that was only proposed declines it on the coordinator's behalf (it never started). */
export type EndMatch = DomainCommand<
  'EndMatch',
  {
    readonly matchId: string;
    readonly reasonCode: ReasonCode;
    readonly endedOn?: CalendarDate;
    readonly now: Instant;
  }
>;

export type LogMeeting = DomainCommand<
  'LogMeeting',
  {
    readonly matchId: string;
    readonly meetingId: string;
    readonly date: CalendarDate;
    readonly hours: number;
    readonly activity: MeetingActivity;
    readonly place: MeetingPlace;
    readonly loggedBy: string;
    readonly now: Instant;
  }
>;

export type ApproveMeeting = DomainCommand<
  'ApproveMeeting',
  { readonly matchId: string; readonly meetingId: string; readonly by: string; readonly now: Instant }
>;

export type DeclineMeeting = DomainCommand<
  'DeclineMeeting',
  {
    readonly matchId: string;
    readonly meetingId: string;
    readonly by: string;
    readonly reasonCode?: ReasonCode;
    readonly now: Instant;
  }
>;

export type MatchCommand =
  | ProposeMatch
  | AcceptMatch
  | DeclineMatch
  | PauseMatch
  | ResumeMatch
  | EndMatch
  | LogMeeting
  | ApproveMeeting
  | DeclineMeeting;
