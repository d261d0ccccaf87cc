import type { CalendarDate, Instant, ReasonCode } from '../../shared/reference-data';
import type { EndMatch } from './match.commands';

/**
 * An open match of a party who leaves the program: proposed (never accepted) or started on `acceptedOn`, with
 * the day of its last meeting that was not declined.
 */
export interface OpenMatchOfDepartedParty {
  readonly matchId: string;
  readonly acceptedOn: CalendarDate | null;
  readonly lastMeetingOn: CalendarDate | null;
}

/**
 * A volunteer or a client who leaves must not leave matches silently open: every open match (proposed,
 * active or paused) gets an EndMatch command, ended on the day of leaving. The match decider declines a match
 * that was only proposed. A leaving recorded with a day before a match was accepted or before its last
 * meeting (backdated) ends that match on the later of those days instead: a match cannot end before it
 * started or before a meeting it holds, and the refusal would leave it open.
 */
export function endMatchesOfDepartedParty(
  leftOn: CalendarDate,
  reasonCode: ReasonCode,
  openMatches: readonly OpenMatchOfDepartedParty[],
  now: Instant,
): EndMatch[] {
  const byId = new Map(openMatches.map((match) => [match.matchId, match]));
  return [...byId.values()].map(({ matchId, acceptedOn, lastMeetingOn }) => ({
    type: 'EndMatch',
    data: { matchId, reasonCode, endedOn: latestOf(leftOn, acceptedOn, lastMeetingOn), now },
  }));
}

const latestOf = (first: CalendarDate, ...others: readonly (CalendarDate | null)[]): CalendarDate =>
  others.reduce<CalendarDate>((latest, day) => (day !== null && day > latest ? day : latest), first);
