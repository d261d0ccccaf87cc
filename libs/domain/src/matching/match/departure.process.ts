import type { CalendarDate, Instant, ReasonCode } from '../../shared/reference-data';
import type { EndMatch } from './match.commands';

/** An open match of a party who leaves the program: proposed (never accepted) or started on `acceptedOn`. */
export interface OpenMatchOfDepartedParty {
  readonly matchId: string;
  readonly acceptedOn: CalendarDate | null;
}

/**
 * A volunteer or a client who leaves must not leave matches silently open: every open match (proposed,
 * active or paused) gets an EndMatch command, ended on the day of leaving. The match decider declines a match
 * that was only proposed. A leaving recorded with a day before a match was accepted (backdated) ends that
 * match on the day it was accepted instead: a match cannot end before it started, and the refusal would
 * leave it open.
 */
export function endMatchesOfDepartedParty(
  leftOn: CalendarDate,
  reasonCode: ReasonCode,
  openMatches: readonly OpenMatchOfDepartedParty[],
  now: Instant,
): EndMatch[] {
  const byId = new Map(openMatches.map((match) => [match.matchId, match]));
  return [...byId.values()].map(({ matchId, acceptedOn }) => ({
    type: 'EndMatch',
    data: {
      matchId,
      reasonCode,
      endedOn: acceptedOn !== null && acceptedOn > leftOn ? acceptedOn : leftOn,
      now,
    },
  }));
}
