import type { EndMatch } from '../../matching/match/match.commands';
import type { Instant } from '../../shared/reference-data';
import type { VolunteerLeft } from './volunteer.events';

export const VOLUNTEER_LEFT_REASON = 'VOLUNTEER_LEFT';

/**
 * A volunteer who leaves must not leave matches silently open: every open match (proposed, active or paused)
 * gets an EndMatch command, ended on the day the volunteer left. The match decider declines a match that was
 * only proposed.
 */
export function onVolunteerLeft(
  event: VolunteerLeft,
  openMatchIds: readonly string[],
  now: Instant,
): EndMatch[] {
  return [...new Set(openMatchIds)].map((matchId) => ({
    type: 'EndMatch',
    data: { matchId, reasonCode: VOLUNTEER_LEFT_REASON, endedOn: event.data.leftOn, now },
  }));
}
