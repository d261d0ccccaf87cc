import type { DiscloseInformation } from '../../clients/client/client.commands';
import type { Instant } from '../../shared/reference-data';
import type { Rejection } from '../../shared/decider';
import { decideWith, violation } from '../../shared/rules';
import type { MatchAccepted } from './match.events';
import type { MatchStatus } from './match.state';

/** A started match as a contact disclosure needs it: whose contact, to whom. */
export interface MatchParties {
  readonly matchId: string;
  readonly clientId: string;
  readonly volunteerId: string;
}

/**
 * The client's contact details reach a match's volunteer only as a disclosure decided on the client's stream:
 * recorded there as InformationDisclosed when a consent covers CONTACT for VOLUNTEER_MATCHING to the match's
 * volunteer, or as DisclosureRefused (`CONSENT.NOT_IN_FORCE`).
 */
export function contactDisclosureForMatch(
  match: MatchParties,
  disclosureId: string,
  requestedBy: string,
  now: Instant,
): DiscloseInformation {
  return {
    type: 'DiscloseInformation',
    data: {
      clientId: match.clientId,
      disclosureId,
      recipient: match.volunteerId,
      purpose: 'VOLUNTEER_MATCHING',
      dataCategories: ['CONTACT'],
      matchContext: { matchId: match.matchId, volunteerId: match.volunteerId },
      requestedBy,
      now,
    },
  };
}

/** The second half of accepting a match: the contact disclosure for it (`contactDisclosureForMatch`). */
export function contactDisclosureOnMatchAccepted(
  event: MatchAccepted,
  ids: { readonly matchId: string; readonly disclosureId: string },
  requestedBy: string,
  now: Instant,
): DiscloseInformation {
  return contactDisclosureForMatch(
    { matchId: ids.matchId, clientId: event.data.clientId, volunteerId: event.data.volunteerId },
    ids.disclosureId,
    requestedBy,
    now,
  );
}

/** Where a match stands for disclosing its client's contact again: its status and the last disclosure's outcome. */
export interface MatchContactStanding {
  readonly status: MatchStatus;
  readonly contactDisclosed: boolean;
}

/**
 * Why the contact of a match's client cannot be disclosed to its volunteer now, or undefined when it can: only
 * for a started match (active or paused), and not again once it was disclosed.
 */
export function matchContactDisclosureRejection(match: MatchContactStanding): Rejection | undefined {
  const decision = decideWith<never>(
    [
      () =>
        match.status === 'ACTIVE' || match.status === 'PAUSED' ? undefined : violation('MATCH.NOT_ACTIVE'),
      () => (match.contactDisclosed ? violation('MATCH.CONTACT_ALREADY_DISCLOSED') : undefined),
    ],
    () => [],
  );
  return decision.ok ? undefined : decision.rejection;
}
