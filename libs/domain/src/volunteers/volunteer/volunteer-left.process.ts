import type { EndMatch } from '../../matching/match/match.commands';
import type { CalendarDate, Instant } from '../../shared/reference-data';
import type { VolunteerLeft } from './volunteer.events';

export const VOLUNTEER_LEFT_REASON = 'VOLUNTEER_LEFT';

/** An open match of the leaving volunteer: proposed (never accepted) or started on `acceptedOn`. */
export interface OpenMatchOfVolunteer {
  readonly matchId: string;
  readonly acceptedOn: CalendarDate | null;
}

/**
 * A volunteer who leaves must not leave matches silently open: every open match (proposed, active or paused)
 * gets an EndMatch command, ended on the day the volunteer left. The match decider declines a match that was
 * only proposed. A leaving recorded with a day before a match was accepted (backdated) ends that match on the
 * day it was accepted instead: a match cannot end before it started, and the refusal would leave it open.
 */
export function onVolunteerLeft(
  event: VolunteerLeft,
  openMatches: readonly OpenMatchOfVolunteer[],
  now: Instant,
): EndMatch[] {
  const byId = new Map(openMatches.map((match) => [match.matchId, match]));
  return [...byId.values()].map(({ matchId, acceptedOn }) => ({
    type: 'EndMatch',
    data: {
      matchId,
      reasonCode: VOLUNTEER_LEFT_REASON,
      endedOn: acceptedOn !== null && acceptedOn > event.data.leftOn ? acceptedOn : event.data.leftOn,
      now,
    },
  }));
}
