import type {
  ClientEvent,
  ConsentGiven,
  DisclosureRefused,
  InformationDisclosed,
} from '../clients/client/client.events';
import type { DataCategory, Purpose, Recipient } from '../clients/consent/consent.types';
import {
  coveringConsent,
  describeCoverageFailure,
  type CoverageContext,
  type CoverageFailure,
} from '../clients/consent/covering-consent';
import type { Instant, Region } from '../shared/reference-data';
import { toEpochMillis } from '../shared/time';

/** One event of a client's stream as the store recorded it; the audit needs the order and the store's time. */
export interface AuditRecord {
  readonly event: ClientEvent;
  readonly revision: number;
  /** The store's own time of recording: what the system knew, and from when. */
  readonly recordedAt: Instant;
  /** Global position as decimal text, when read from a store. */
  readonly position?: string;
}

/** Judged on what the system knew when the disclosure was recorded (the stream prefix before it). */
export type AuditVerdict = 'COVERED_BY_CONSENT' | 'LEGAL_OBLIGATION' | 'VIOLATION' | 'REFUSED';

/**
 * Whether the two timelines agree. A withdrawal recorded after a disclosure but effective before it leaves the
 * disclosure lawful (the system could not know) yet untrue in hindsight: auditors must see both.
 */
export type TimelineAgreement = 'CONSISTENT' | 'LATE_RECORDED_WITHDRAWAL' | 'LATE_RECORDED_CONSENT';

export interface ConsentReference {
  readonly consentId: string;
  readonly givenOn: string;
  readonly method: string;
  readonly evidenceRef: string;
  readonly noticeVersion: string;
  readonly lawfulBasis: string;
}

export interface Judgement {
  readonly verdict: AuditVerdict;
  readonly consent?: ConsentReference;
  readonly legalObligation?: string;
  /** A coverage code (`CONSENT.WITHDRAWN` …) when consent did not cover. */
  readonly reasonCode?: string;
  /** Ids and times only, never personal data. */
  readonly reason?: string;
}

export interface ConsentAuditEntry extends Judgement {
  readonly kind: 'DISCLOSURE' | 'REFUSAL';
  readonly disclosureId: string;
  readonly clientId: string;
  readonly at: Instant;
  readonly recipient: Recipient;
  readonly purpose: Purpose;
  readonly dataCategories: readonly DataCategory[];
  readonly matchId?: string;
  readonly revision: number;
  readonly recordedAt: Instant;
  readonly position?: string;
  /** The same request judged on the full history, including facts recorded later. */
  readonly actual: Judgement;
  readonly timelines: TimelineAgreement;
}

export interface AuditWindow {
  /** Inclusive. */
  readonly from?: Instant;
  /** Inclusive. */
  readonly to?: Instant;
}

export interface ClientAudit {
  readonly clientId: string;
  readonly region?: Region;
  readonly erased: boolean;
  readonly entries: readonly ConsentAuditEntry[];
}

type ConsentFact = Extract<ClientEvent, { type: 'ConsentGiven' | 'ConsentWithdrawn' }>;
type Request = InformationDisclosed['data'] | DisclosureRefused['data'];

const consentReference = (consent: ConsentGiven['data']): ConsentReference => ({
  consentId: consent.consentId,
  givenOn: consent.givenOn,
  method: consent.method,
  evidenceRef: consent.evidenceRef,
  noticeVersion: consent.noticeVersion,
  lawfulBasis: consent.lawfulBasis,
});

/** The disclosure names the match whose volunteer it went to; that is who `ASSIGNED_VOLUNTEER` meant then. */
const contextOf = (request: Request): CoverageContext =>
  request.matchId === undefined ? {} : { assignedVolunteerId: request.recipient };

const violation = (reason: CoverageFailure, explanation = describeCoverageFailure(reason)): Judgement => ({
  verdict: 'VIOLATION',
  reasonCode: reason.code,
  reason: explanation,
});

/**
 * Judges a recorded disclosure against consent facts. The consent the disclosure cites is judged on its own
 * through `coveringConsent`, the function the command used: whether a consent covers does not depend on the
 * other consents, so a disclosure the command accepted is covered by exactly the consent it cites.
 */
export function judgeDisclosure(
  facts: readonly ConsentFact[],
  disclosure: InformationDisclosed['data'],
): Judgement {
  const { basis } = disclosure;
  if ('legalObligation' in basis) {
    return basis.legalObligation.trim() === ''
      ? {
          verdict: 'VIOLATION',
          reasonCode: 'DISCLOSURE.LEGAL_OBLIGATION_BLANK',
          reason: 'the disclosure cites a blank legal obligation',
        }
      : { verdict: 'LEGAL_OBLIGATION', legalObligation: basis.legalObligation };
  }
  const cited = facts.filter((fact) => fact.data.consentId === basis.consentId);
  const verdict = coveringConsent(
    cited,
    disclosure.recipient,
    disclosure.purpose,
    disclosure.dataCategories,
    disclosure.disclosedAt,
    contextOf(disclosure),
  );
  if (verdict.covered) return { verdict: 'COVERED_BY_CONSENT', consent: consentReference(verdict.consent) };
  if (verdict.reason.code === 'CONSENT.NOT_FOUND') {
    return violation(
      verdict.reason,
      `consent ${basis.consentId} cited by the disclosure had not been given at that time`,
    );
  }
  return violation(verdict.reason);
}

/**
 * Judges a recorded disclosure in hindsight, on every consent fact recorded since: covered when the consent it
 * cites still covers it, or when any other consent did at that instant (a later-recorded withdrawal of the
 * cited one, backdated, does not make it a violation while another consent covered the same request).
 */
export function judgeDisclosureInHindsight(
  facts: readonly ConsentFact[],
  disclosure: InformationDisclosed['data'],
): Judgement {
  const cited = judgeDisclosure(facts, disclosure);
  if (cited.verdict !== 'VIOLATION' || 'legalObligation' in disclosure.basis) return cited;
  const verdict = coveringConsent(
    facts,
    disclosure.recipient,
    disclosure.purpose,
    disclosure.dataCategories,
    disclosure.disclosedAt,
    contextOf(disclosure),
  );
  return verdict.covered
    ? { verdict: 'COVERED_BY_CONSENT', consent: consentReference(verdict.consent) }
    : cited;
}

/** A refusal is lawful whatever the consents say; the audit re-derives why consent did not cover it. */
export function judgeRefusal(facts: readonly ConsentFact[], refusal: DisclosureRefused['data']): Judgement {
  const verdict = coveringConsent(
    facts,
    refusal.recipient,
    refusal.purpose,
    refusal.dataCategories,
    refusal.refusedAt,
    contextOf(refusal),
  );
  if (verdict.covered) {
    return {
      verdict: 'REFUSED',
      consent: consentReference(verdict.consent),
      reason: `refused although consent ${verdict.consent.consentId} covered the request`,
    };
  }
  return {
    verdict: 'REFUSED',
    reasonCode: verdict.reason.code,
    reason: describeCoverageFailure(verdict.reason),
  };
}

const isCovered = (judgement: Judgement): boolean =>
  judgement.verdict === 'COVERED_BY_CONSENT' ||
  judgement.verdict === 'LEGAL_OBLIGATION' ||
  (judgement.verdict === 'REFUSED' && judgement.reasonCode === undefined);

export function compareTimelines(known: Judgement, actual: Judgement): TimelineAgreement {
  const knownCovered = isCovered(known);
  const actualCovered = isCovered(actual);
  if (knownCovered === actualCovered) return 'CONSISTENT';
  return knownCovered ? 'LATE_RECORDED_WITHDRAWAL' : 'LATE_RECORDED_CONSENT';
}

const inWindow = (at: Instant, window: AuditWindow): boolean => {
  if (window.from === undefined && window.to === undefined) return true;
  const millis = toEpochMillis(at);
  return (
    (window.from === undefined || millis >= toEpochMillis(window.from)) &&
    (window.to === undefined || millis <= toEpochMillis(window.to))
  );
};

interface Pending {
  readonly record: AuditRecord;
  readonly request: Request;
  readonly known: Judgement;
}

/**
 * The consent audit of one client: every disclosure and refusal in the window, judged bitemporally. The known
 * verdict uses only the facts recorded before the disclosure (in stream order), which is what the command
 * saw; the actual one uses the whole history, and every consent in it.
 */
export function auditClientHistory(
  clientId: string,
  records: readonly AuditRecord[],
  window: AuditWindow = {},
): ClientAudit {
  const facts: ConsentFact[] = [];
  const pending: Pending[] = [];
  let region: Region | undefined;
  let erased = false;
  for (const record of records) {
    const { event } = record;
    switch (event.type) {
      case 'ClientRegistered':
        region = event.data.region;
        break;
      case 'ConsentGiven':
      case 'ConsentWithdrawn':
        facts.push(event);
        break;
      case 'InformationDisclosed':
        if (inWindow(event.data.disclosedAt, window)) {
          pending.push({ record, request: event.data, known: judgeDisclosure(facts, event.data) });
        }
        break;
      case 'DisclosureRefused':
        if (inWindow(event.data.refusedAt, window)) {
          pending.push({ record, request: event.data, known: judgeRefusal(facts, event.data) });
        }
        break;
      case 'ClientPersonalDataErased':
        erased = true;
        break;
      case 'ClientContactUpdated':
      case 'ClientDeparted':
        break;
    }
  }
  const entries = pending.map(({ record, request, known }): ConsentAuditEntry => {
    const actual =
      'disclosedAt' in request ? judgeDisclosureInHindsight(facts, request) : judgeRefusal(facts, request);
    return {
      kind: 'disclosedAt' in request ? 'DISCLOSURE' : 'REFUSAL',
      disclosureId: request.disclosureId,
      clientId,
      at: 'disclosedAt' in request ? request.disclosedAt : request.refusedAt,
      recipient: request.recipient,
      purpose: request.purpose,
      dataCategories: request.dataCategories,
      ...(request.matchId === undefined ? {} : { matchId: request.matchId }),
      revision: record.revision,
      recordedAt: record.recordedAt,
      ...(record.position === undefined ? {} : { position: record.position }),
      ...known,
      actual,
      timelines: compareTimelines(known, actual),
    };
  });
  return { clientId, ...(region === undefined ? {} : { region }), erased, entries };
}

export interface ConsentAuditSummary {
  readonly clients: number;
  readonly disclosures: number;
  readonly refusals: number;
  readonly violations: number;
  readonly lateRecordedWithdrawals: number;
}

export const emptyConsentAuditSummary: ConsentAuditSummary = {
  clients: 0,
  disclosures: 0,
  refusals: 0,
  violations: 0,
  lateRecordedWithdrawals: 0,
};

/** Adds one client's audit to running totals, so that a store-wide audit never holds every entry at once. */
export function addToSummary(summary: ConsentAuditSummary, audit: ClientAudit): ConsentAuditSummary {
  let { disclosures, refusals, violations, lateRecordedWithdrawals } = summary;
  for (const entry of audit.entries) {
    if (entry.kind === 'DISCLOSURE') disclosures += 1;
    else refusals += 1;
    if (entry.verdict === 'VIOLATION') violations += 1;
    if (entry.timelines === 'LATE_RECORDED_WITHDRAWAL') lateRecordedWithdrawals += 1;
  }
  return { clients: summary.clients + 1, disclosures, refusals, violations, lateRecordedWithdrawals };
}
