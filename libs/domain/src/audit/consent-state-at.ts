import type { ConsentGiven } from '../clients/client/client.events';
import { consentsAsOf, type ConsentAsOf, type ConsentStatus } from '../clients/consent/covering-consent';
import type { Instant } from '../shared/reference-data';
import { toEpochMillis } from '../shared/time';
import type { AuditRecord, TimelineAgreement } from './consent-audit';

export interface ConsentStatusAt {
  readonly status: ConsentStatus;
  readonly withdrawnAt?: Instant;
}

export interface ConsentStateEntry {
  readonly consent: ConsentGiven['data'];
  /** As the system knew it at that instant (facts recorded by then); null when it was not yet recorded. */
  readonly known: ConsentStatusAt | null;
  /** As it was in truth at that instant, judged on the whole history. */
  readonly actual: ConsentStatusAt;
  readonly timelines: TimelineAgreement;
}

const statusOf = (asOf: ConsentAsOf): ConsentStatusAt =>
  asOf.withdrawnAt === undefined
    ? { status: asOf.status }
    : { status: asOf.status, withdrawnAt: asOf.withdrawnAt };

function agreement(known: ConsentStatusAt | null, actual: ConsentStatusAt): TimelineAgreement {
  const knownInForce = known?.status === 'IN_FORCE';
  const actualInForce = actual.status === 'IN_FORCE';
  if (knownInForce === actualInForce) return 'CONSISTENT';
  return knownInForce ? 'LATE_RECORDED_WITHDRAWAL' : 'LATE_RECORDED_CONSENT';
}

/**
 * The consents given at or before `at`, on both timelines: what the store had recorded by `at` (a consent or
 * withdrawal recorded later is unknown then) and what was true at `at` according to everything recorded since.
 */
export function consentStateAt(records: readonly AuditRecord[], at: Instant): ConsentStateEntry[] {
  const atMillis = toEpochMillis(at);
  const known = new Map(
    consentsAsOf(
      records.filter((record) => toEpochMillis(record.recordedAt) <= atMillis).map((record) => record.event),
      at,
    ).map((asOf) => [asOf.consent.consentId, statusOf(asOf)]),
  );
  return consentsAsOf(
    records.map((record) => record.event),
    at,
  ).map((asOf) => {
    const actual = statusOf(asOf);
    const knownStatus = known.get(asOf.consent.consentId) ?? null;
    return { consent: asOf.consent, known: knownStatus, actual, timelines: agreement(knownStatus, actual) };
  });
}
