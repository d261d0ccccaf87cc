import type { ChainVerdict, RecordedEvent } from '@app/event-store';
import type { ConsentAuditEntry as DomainEntry, ConsentStateEntry, Judgement } from './replay/domain-audit';
import type {
  AuditConsentStatusEnum,
  AuditJudgement,
  AuditTrailEvent,
  AuditVerdictEnum,
  ChainBreakReasonEnum,
  ConsentAuditEntry,
  ConsentStateEntryType,
  StreamIntegrity,
} from './audit.models';
import type { DataCategoryEnum } from '../shared/enums';

type DataCategoryEnumList = DataCategoryEnum[];

export function toJudgement(judgement: Judgement): AuditJudgement {
  return {
    verdict: judgement.verdict as AuditVerdictEnum,
    consentId: judgement.consent?.consentId ?? null,
    consent: judgement.consent ?? null,
    legalObligation: judgement.legalObligation ?? null,
    reasonCode: judgement.reasonCode ?? null,
    reason: judgement.reason ?? null,
  };
}

export function toAuditEntry(entry: DomainEntry): ConsentAuditEntry {
  return {
    ...toJudgement(entry),
    kind: entry.kind as ConsentAuditEntry['kind'],
    disclosureId: entry.disclosureId,
    clientId: entry.clientId,
    at: entry.at,
    recipient: entry.recipient,
    purpose: entry.purpose,
    dataCategories: [...entry.dataCategories] as DataCategoryEnumList,
    matchId: entry.matchId ?? null,
    recordedAt: entry.recordedAt,
    position: entry.position ?? null,
    actual: toJudgement(entry.actual),
    timelines: entry.timelines as ConsentAuditEntry['timelines'],
  };
}

export function toConsentState(entry: ConsentStateEntry): ConsentStateEntryType {
  const { consent } = entry;
  const status = (value: { status: string; withdrawnAt?: string }) => ({
    status: value.status as AuditConsentStatusEnum,
    withdrawnAt: value.withdrawnAt ?? null,
  });
  return {
    consent: {
      consentId: consent.consentId,
      givenOn: consent.givenOn,
      method: consent.method,
      evidenceRef: consent.evidenceRef,
      noticeVersion: consent.noticeVersion,
      lawfulBasis: consent.lawfulBasis,
    },
    purposes: [...consent.purposes],
    dataCategories: [...consent.dataCategories] as DataCategoryEnumList,
    recipients: [...consent.recipients],
    expiresOn: consent.expiresOn ?? null,
    known: entry.known === null ? null : status(entry.known),
    actual: status(entry.actual),
    timelines: entry.timelines as ConsentStateEntryType['timelines'],
  };
}

export function toStreamIntegrity(verdict: ChainVerdict): StreamIntegrity {
  if (verdict.ok) return { streamId: verdict.streamId, ok: true, events: verdict.events };
  return {
    streamId: verdict.streamId,
    ok: false,
    revision: verdict.revision,
    position: verdict.position.toString(),
    reason: verdict.reason as ChainBreakReasonEnum,
    expectedHash: verdict.expectedHash,
    foundHash: verdict.foundHash,
  };
}

export function toTrailEvent(event: RecordedEvent): AuditTrailEvent {
  return {
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.toString(),
    eventId: event.eventId,
    type: event.type,
    actor: { id: event.metadata.actor.id, role: event.metadata.actor.role },
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    correlationId: event.metadata.correlationId,
    commandId: event.metadata.commandId,
    causationId: event.metadata.causationId,
    data: JSON.stringify(event.data),
  };
}
