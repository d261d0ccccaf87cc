import { consentsAsOf, type ClientEvent, type ConsentStatus } from '@app/domain';
import type { ClientDocument, ConsentDocument, DisclosureDocument } from '@app/read-models/clients';
import type {
  ClientNeedEnum,
  ConsentMethodEnum,
  DataCategoryEnum,
  LawfulBasisEnum,
  RegionEnum,
} from '../../shared/enums';
import type { ClientStatusEnum, ConsentStatusEnum, DisclosureOutcomeEnum } from './client.enums';
import type { ClientType, ConsentType, DisclosureType } from './client.types';

export function toClientNode(document: ClientDocument): ClientType {
  return {
    id: document.clientId,
    region: document.region as RegionEnum,
    languages: document.languages,
    needs: document.needs as ClientNeedEnum[],
    status: document.status as ClientStatusEnum,
    erased: document.erased,
    registeredAt: document.registeredAt,
    departedOn: document.departedOn,
    document,
  };
}

/** The consent facts as the domain's events, so that status comes from the one function auditors replay too. */
function consentHistory(consent: ConsentDocument): ClientEvent[] {
  const given: ClientEvent = {
    type: 'ConsentGiven',
    data: {
      consentId: consent.consentId,
      purposes: consent.purposes as never[],
      dataCategories: consent.dataCategories as never[],
      recipients: consent.recipients,
      lawfulBasis: consent.lawfulBasis as never,
      givenOn: consent.givenOn,
      ...(consent.expiresOn === null ? {} : { expiresOn: consent.expiresOn }),
      method: consent.method as never,
      evidenceRef: consent.evidenceRef,
      noticeVersion: consent.noticeVersion,
      language: consent.language,
      interpreterUsed: consent.interpreterUsed,
      recordedAt: consent.recordedAt,
    },
  };
  if (consent.withdrawnOn === null) return [given];
  return [
    given,
    {
      type: 'ConsentWithdrawn',
      data: {
        consentId: consent.consentId,
        withdrawnOn: consent.withdrawnOn,
        method: (consent.withdrawalMethod ?? consent.method) as never,
        recordedAt: consent.withdrawnOn,
      },
    },
  ];
}

export function consentStatusAt(consent: ConsentDocument, now: string): ConsentStatus {
  // A consent recorded with a givenOn later than `now` cannot exist (the domain refuses it); IN_FORCE is the
  // safe reading only because of that rule.
  return consentsAsOf(consentHistory(consent), now)[0]?.status ?? 'IN_FORCE';
}

export function toConsentView(consent: ConsentDocument, now: string): ConsentType {
  return {
    id: consent.consentId,
    status: consentStatusAt(consent, now) as ConsentStatusEnum,
    purposes: consent.purposes,
    dataCategories: consent.dataCategories as DataCategoryEnum[],
    recipients: consent.recipients,
    lawfulBasis: consent.lawfulBasis as LawfulBasisEnum,
    givenOn: consent.givenOn,
    expiresOn: consent.expiresOn,
    withdrawnOn: consent.withdrawnOn,
    method: consent.method as ConsentMethodEnum,
    withdrawalMethod: consent.withdrawalMethod as ConsentMethodEnum | null,
    evidenceRef: consent.evidenceRef,
    noticeVersion: consent.noticeVersion,
    language: consent.language,
    interpreterUsed: consent.interpreterUsed,
    recordedAt: consent.recordedAt,
  };
}

export function toDisclosureView(disclosure: DisclosureDocument): DisclosureType {
  return {
    id: disclosure.disclosureId,
    outcome: disclosure.outcome as DisclosureOutcomeEnum,
    recipient: disclosure.recipient,
    purpose: disclosure.purpose,
    dataCategories: disclosure.dataCategories as DataCategoryEnum[],
    consentId: disclosure.consentId,
    legalObligation: disclosure.legalObligation,
    refusalCode: disclosure.refusalCode,
    coverageCode: disclosure.coverageCode,
    at: disclosure.at,
    by: disclosure.by,
    matchId: disclosure.matchId,
  };
}
