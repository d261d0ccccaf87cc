import {
  endMatchesOfDepartedParty,
  type OpenMatchOfDepartedParty,
} from '../../matching/match/departure.process';
import type { EndMatch } from '../../matching/match/match.commands';
import type { Instant } from '../../shared/reference-data';
import type { ClientDeparted } from './client.events';

export const CLIENT_DEPARTED_REASON = 'CLIENT_DEPARTED';

/**
 * Every open match of a client who leaves the program is ended (a proposed one declined), as a volunteer's
 * are: an open match would keep counting against the volunteer's client limit and in the dashboard's active
 * and quiet matches, and could no longer be accepted (`CLIENT.DEPARTED`).
 */
export const onClientDeparted = (
  event: ClientDeparted,
  openMatches: readonly OpenMatchOfDepartedParty[],
  now: Instant,
): EndMatch[] => endMatchesOfDepartedParty(event.data.leftOn, CLIENT_DEPARTED_REASON, openMatches, now);
