import {
  endMatchesOfDepartedParty,
  type OpenMatchOfDepartedParty,
} from '../../matching/match/departure.process';
import type { EndMatch } from '../../matching/match/match.commands';
import type { Instant } from '../../shared/reference-data';
import type { VolunteerLeft } from './volunteer.events';

export const VOLUNTEER_LEFT_REASON = 'VOLUNTEER_LEFT';

/** Every open match of a volunteer who leaves is ended (a proposed one declined), never silently dropped. */
export const onVolunteerLeft = (
  event: VolunteerLeft,
  openMatches: readonly OpenMatchOfDepartedParty[],
  now: Instant,
): EndMatch[] => endMatchesOfDepartedParty(event.data.leftOn, VOLUNTEER_LEFT_REASON, openMatches, now);
