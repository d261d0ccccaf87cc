import type { DiscloseInformation } from '../../clients/client/client.commands';
import type { Instant } from '../../shared/reference-data';
import type { MatchAccepted } from './match.events';

/**
 * The second half of accepting a match: the client's contact details may reach the volunteer only as a
 * disclosure decided on the client's stream. The resulting command is recorded there as InformationDisclosed
 * when a consent covers CONTACT for VOLUNTEER_MATCHING, or as DisclosureRefused (`CONSENT.NOT_IN_FORCE`).
 */
export function contactDisclosureOnMatchAccepted(
  event: MatchAccepted,
  ids: { readonly matchId: string; readonly disclosureId: string },
  requestedBy: string,
  now: Instant,
): DiscloseInformation {
  return {
    type: 'DiscloseInformation',
    data: {
      clientId: event.data.clientId,
      disclosureId: ids.disclosureId,
      recipient: event.data.volunteerId,
      purpose: 'VOLUNTEER_MATCHING',
      dataCategories: ['CONTACT'],
      matchContext: { matchId: ids.matchId, volunteerId: event.data.volunteerId },
      requestedBy,
      now,
    },
  };
}
