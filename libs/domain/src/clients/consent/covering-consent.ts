import type { Instant } from '../../shared/reference-data';
import { nextDay, toEpochMillis, toInstant } from '../../shared/time';
import type { ClientEvent, ConsentGiven, ConsentWithdrawn } from '../client/client.events';
import {
  ASSIGNED_VOLUNTEER,
  isSpecialCategory,
  type DataCategory,
  type Purpose,
  type Recipient,
} from './consent.types';

export type GivenConsent = ConsentGiven['data'];

/** Facts from outside the client's stream that coverage depends on. */
export interface CoverageContext {
  /** The volunteer of the client's active match: a consent naming `ASSIGNED_VOLUNTEER` covers exactly them. */
  readonly assignedVolunteerId?: string;
}

export type CoverageFailure =
  | { readonly code: 'CONSENT.NOT_FOUND' }
  | { readonly code: 'CONSENT.WITHDRAWN'; readonly consentId: string; readonly withdrawnAt: Instant }
  | { readonly code: 'CONSENT.EXPIRED'; readonly consentId: string; readonly expiredAt: Instant }
  | { readonly code: 'CONSENT.RECIPIENT_NOT_COVERED'; readonly consentId: string }
  | { readonly code: 'CONSENT.PURPOSE_NOT_COVERED'; readonly consentId: string }
  | {
      readonly code: 'CONSENT.CATEGORY_NOT_COVERED';
      readonly consentId: string;
      readonly categories: readonly DataCategory[];
    }
  | {
      readonly code: 'CONSENT.EXPLICIT_CONSENT_REQUIRED';
      readonly consentId: string;
      readonly categories: readonly DataCategory[];
    };

export type CoverageVerdict =
  | { readonly covered: true; readonly consent: GivenConsent }
  | { readonly covered: false; readonly reason: CoverageFailure };

/** The instant from which a consent is no longer in force because of its expiry date, if it has one. */
export const consentExpiryInstant = (consent: GivenConsent): Instant | undefined =>
  consent.expiresOn === undefined ? undefined : toInstant(nextDay(consent.expiresOn));

interface ParsedTimes {
  readonly at: number;
  readonly expiresAt?: number;
}

/**
 * The times of a consent or withdrawal, parsed once per event: an audit judges every disclosure of a client
 * against the same few consents on two timelines, and parsing ISO times dominated its cost.
 */
const parsedTimes = new WeakMap<object, ParsedTimes>();

function parsedOnce<T extends object>(event: T, parse: (event: T) => ParsedTimes): ParsedTimes {
  let times = parsedTimes.get(event);
  if (times === undefined) {
    times = parse(event);
    parsedTimes.set(event, times);
  }
  return times;
}

const consentTimes = (consent: GivenConsent): ParsedTimes =>
  parsedOnce(consent, (given) => {
    const expiry = consentExpiryInstant(given);
    return {
      at: toEpochMillis(given.givenOn),
      ...(expiry === undefined ? {} : { expiresAt: toEpochMillis(expiry) }),
    };
  });

const givenAtMillis = (consent: GivenConsent): number => consentTimes(consent).at;

const withdrawnAtMillis = (withdrawal: ConsentWithdrawn['data']): number =>
  parsedOnce(withdrawal, (withdrawn) => ({ at: toEpochMillis(withdrawn.withdrawnOn) })).at;

/** Earliest effective withdrawal per consent id, whatever order the events were recorded in. */
const withdrawalsById = (history: readonly ClientEvent[]): Map<string, number> => {
  const withdrawals = new Map<string, number>();
  for (const event of history) {
    if (event.type !== 'ConsentWithdrawn') continue;
    const at = withdrawnAtMillis(event.data);
    const earlier = withdrawals.get(event.data.consentId);
    if (earlier === undefined || at < earlier) withdrawals.set(event.data.consentId, at);
  }
  return withdrawals;
};

/**
 * `now`, or the latest instant a consent fact of `history` names when that is later. A command's clock may be
 * behind what is already recorded (its `now` taken before the stream was read, or on another instance): judged
 * at that `now`, a withdrawal it has read would pass as "not yet effective". Giving and withdrawing refuse
 * instants in the future, so the result is never later than the real time.
 */
export function notBeforeConsentFacts(now: Instant, history: readonly ClientEvent[]): Instant {
  const nowMillis = toEpochMillis(now);
  let latest = nowMillis;
  for (const event of history) {
    const at =
      event.type === 'ConsentGiven'
        ? givenAtMillis(event.data)
        : event.type === 'ConsentWithdrawn'
          ? withdrawnAtMillis(event.data)
          : undefined;
    if (at !== undefined && at > latest) latest = at;
  }
  return latest === nowMillis ? now : new Date(latest).toISOString();
}

interface CandidateOutcome {
  /** How many checks the consent passed, so that the closest miss explains a refusal best. */
  readonly passed: number;
  readonly failure?: CoverageFailure;
}

/**
 * Decides whether the client's consent history covers disclosing `dataCategories` to `recipient` for
 * `purpose` at the instant `at`. This is the one place coverage is decided: disclosures use it when they are
 * requested and auditors replay it over the history as it stood just before each recorded disclosure (a
 * withdrawal recorded later, even if effective earlier, does not make an earlier disclosure unlawful).
 *
 * A consent covers when it was given at or before `at`, was not withdrawn at or before `at`, has not expired,
 * names the recipient (or `ASSIGNED_VOLUNTEER` and the recipient is the assigned volunteer in `context`),
 * names the purpose and every requested category, and uses `EXPLICIT_CONSENT` if any category is special.
 * When several consents cover, the most recently given wins; when none does, the reason comes from the
 * consent that came closest: the one covering most of the request (recipient, then purpose, then categories,
 * then lawful basis); among consents that cover all of it, an expired one ranks above a withdrawn one.
 */
export function coveringConsent(
  history: readonly ClientEvent[],
  recipient: Recipient,
  purpose: Purpose,
  dataCategories: readonly DataCategory[],
  at: Instant,
  context: CoverageContext = {},
): CoverageVerdict {
  const atMillis = toEpochMillis(at);
  const withdrawals = withdrawalsById(history);

  // The checks run in order of how much of the request the consent covers, and its time checks come last:
  // a refusal is best explained by the consent meant for this recipient, purpose and categories, so one that
  // names the recipient but was withdrawn outranks one that expired but was never about this recipient.
  const outcomeOf = (consent: GivenConsent): CandidateOutcome => {
    if (!namesRecipient(consent, recipient, context)) {
      return { passed: 0, failure: { code: 'CONSENT.RECIPIENT_NOT_COVERED', consentId: consent.consentId } };
    }
    if (!consent.purposes.includes(purpose)) {
      return { passed: 1, failure: { code: 'CONSENT.PURPOSE_NOT_COVERED', consentId: consent.consentId } };
    }
    const missing = dataCategories.filter((category) => !consent.dataCategories.includes(category));
    if (missing.length > 0) {
      return {
        passed: 2,
        failure: { code: 'CONSENT.CATEGORY_NOT_COVERED', consentId: consent.consentId, categories: missing },
      };
    }
    const special = dataCategories.filter(isSpecialCategory);
    if (special.length > 0 && consent.lawfulBasis !== 'EXPLICIT_CONSENT') {
      return {
        passed: 3,
        failure: {
          code: 'CONSENT.EXPLICIT_CONSENT_REQUIRED',
          consentId: consent.consentId,
          categories: special,
        },
      };
    }
    const withdrawnAt = withdrawals.get(consent.consentId);
    if (withdrawnAt !== undefined && withdrawnAt <= atMillis) {
      return {
        passed: 4,
        failure: {
          code: 'CONSENT.WITHDRAWN',
          consentId: consent.consentId,
          withdrawnAt: new Date(withdrawnAt).toISOString(),
        },
      };
    }
    const { expiresAt } = consentTimes(consent);
    if (expiresAt !== undefined && expiresAt <= atMillis) {
      return {
        passed: 5,
        failure: {
          code: 'CONSENT.EXPIRED',
          consentId: consent.consentId,
          expiredAt: new Date(expiresAt).toISOString(),
        },
      };
    }
    return { passed: 6 };
  };

  let covering: GivenConsent | undefined;
  let closest: CandidateOutcome | undefined;
  for (const event of history) {
    if (event.type !== 'ConsentGiven' || givenAtMillis(event.data) > atMillis) continue;
    const consent = event.data;
    const outcome = outcomeOf(consent);
    if (outcome.failure === undefined) {
      if (covering === undefined || givenAtMillis(consent) >= givenAtMillis(covering)) {
        covering = consent;
      }
    } else if (closest === undefined || outcome.passed >= closest.passed) {
      closest = outcome;
    }
  }
  if (covering) return { covered: true, consent: covering };
  return { covered: false, reason: closest?.failure ?? { code: 'CONSENT.NOT_FOUND' } };
}

const namesRecipient = (consent: GivenConsent, recipient: Recipient, context: CoverageContext): boolean =>
  consent.recipients.includes(recipient) ||
  (consent.recipients.includes(ASSIGNED_VOLUNTEER) && context.assignedVolunteerId === recipient);

/** Plain-language explanation for auditors and coordinators; ids and times only, never personal data. */
export function describeCoverageFailure(reason: CoverageFailure): string {
  switch (reason.code) {
    case 'CONSENT.NOT_FOUND':
      return 'no consent had been given at that time';
    case 'CONSENT.WITHDRAWN':
      return `consent ${reason.consentId} was withdrawn at ${reason.withdrawnAt}`;
    case 'CONSENT.EXPIRED':
      return `consent ${reason.consentId} expired at ${reason.expiredAt}`;
    case 'CONSENT.RECIPIENT_NOT_COVERED':
      return `consent ${reason.consentId} does not name the recipient`;
    case 'CONSENT.PURPOSE_NOT_COVERED':
      return `consent ${reason.consentId} does not name the purpose`;
    case 'CONSENT.CATEGORY_NOT_COVERED':
      return `consent ${reason.consentId} does not cover ${reason.categories.join(', ')}`;
    case 'CONSENT.EXPLICIT_CONSENT_REQUIRED':
      return `consent ${reason.consentId} is not explicit, which ${reason.categories.join(', ')} require`;
  }
}

export type ConsentStatus = 'IN_FORCE' | 'WITHDRAWN' | 'EXPIRED';

export interface ConsentAsOf {
  readonly consent: GivenConsent;
  readonly status: ConsentStatus;
  readonly withdrawnAt?: Instant;
}

/** Every consent given at or before `at` with its status at that instant (the auditors' as-of view). */
export function consentsAsOf(history: readonly ClientEvent[], at: Instant): ConsentAsOf[] {
  const atMillis = toEpochMillis(at);
  const withdrawals = withdrawalsById(history);
  const result: ConsentAsOf[] = [];
  for (const event of history) {
    if (event.type !== 'ConsentGiven' || toEpochMillis(event.data.givenOn) > atMillis) continue;
    const withdrawnAt = withdrawals.get(event.data.consentId);
    const expiredAt = consentExpiryInstant(event.data);
    if (withdrawnAt !== undefined && withdrawnAt <= atMillis) {
      result.push({
        consent: event.data,
        status: 'WITHDRAWN',
        withdrawnAt: new Date(withdrawnAt).toISOString(),
      });
    } else if (expiredAt !== undefined && toEpochMillis(expiredAt) <= atMillis) {
      result.push({ consent: event.data, status: 'EXPIRED' });
    } else {
      result.push({ consent: event.data, status: 'IN_FORCE' });
    }
  }
  return result;
}
