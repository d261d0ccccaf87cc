import type {
  ClientDeparted,
  ClientPersonalDataErased,
  ClientRegistered,
  ConsentGiven,
  ConsentWithdrawn,
  DisclosureRefused,
  InformationDisclosed,
} from '@app/domain';
import type { JsonObject, RecordedEvent } from '@app/event-store';
import { defineProjection } from '../projection';

export interface ClientContactDocument extends JsonObject {
  phone: string | null;
  email: string | null;
  address: string | null;
}

export interface ClientConsentDocument extends JsonObject {
  consentId: string;
  purposes: string[];
  dataCategories: string[];
  recipients: string[];
  lawfulBasis: string;
  givenOn: string;
  expiresOn: string | null;
  method: string;
  evidenceRef: string;
  noticeVersion: string;
  language: string;
  interpreterUsed: boolean;
  recordedAt: string;
  withdrawnOn: string | null;
  withdrawalMethod: string | null;
}

export interface ClientDisclosureDocument extends JsonObject {
  disclosureId: string;
  outcome: 'DISCLOSED' | 'REFUSED';
  recipient: string;
  purpose: string;
  dataCategories: string[];
  consentId: string | null;
  legalObligation: string | null;
  refusalCode: string | null;
  coverageCode: string | null;
  at: string;
  by: string;
  matchId: string | null;
}

/**
 * One client: the profile with opened personal data (purged on erasure), and the consent and disclosure facts,
 * which survive erasure because audits rely on them.
 */
export interface ClientDocument extends JsonObject {
  clientId: string;
  region: string;
  languages: string[];
  needs: string[];
  status: 'REGISTERED' | 'DEPARTED';
  erased: boolean;
  /** 🔒 personal data below, null once erased. */
  name: string | null;
  contact: ClientContactDocument | null;
  dateOfBirth: string | null;
  countryOfOrigin: string | null;
  registeredAt: string;
  departedOn: string | null;
  departureReason: string | null;
  erasedAt: string | null;
  consents: ClientConsentDocument[];
  disclosures: ClientDisclosureDocument[];
}

export const CLIENTS_READ_MODEL = 'clients';

const CLIENT_STREAM_PREFIX = 'client-';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/**
 * The event's data as the domain declares it. Personal fields may instead hold the `[erased]` marker after
 * crypto-shredding, which is why they are still read through `text`/`contactOf` rather than trusted.
 */
const dataOf = <Data>(event: RecordedEvent): Data => event.data as unknown as Data;

/** A crypto-shredded contact opens as the `[erased]` marker string, not an object: nothing personal is kept then. */
function contactOf(value: unknown): ClientContactDocument | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const contact = value as Record<string, unknown>;
  return { phone: text(contact.phone), email: text(contact.email), address: text(contact.address) };
}

const personalDataPurged = {
  name: null,
  contact: null,
  dateOfBirth: null,
  countryOfOrigin: null,
} as const;

function registered(event: RecordedEvent): ClientDocument {
  const data = dataOf<ClientRegistered['data']>(event);
  return {
    clientId: data.clientId,
    region: data.region,
    languages: strings(data.languages),
    needs: strings(data.needs),
    status: 'REGISTERED',
    erased: false,
    name: text(data.name),
    contact: contactOf(data.contact),
    dateOfBirth: text(data.dateOfBirth),
    countryOfOrigin: text(data.countryOfOrigin),
    registeredAt: text(data.registeredAt) ?? event.metadata.occurredAt,
    departedOn: null,
    departureReason: null,
    erasedAt: null,
    consents: [],
    disclosures: [],
  };
}

function consentGiven(event: RecordedEvent): ClientConsentDocument {
  const data = dataOf<ConsentGiven['data']>(event);
  return {
    consentId: data.consentId,
    purposes: strings(data.purposes),
    dataCategories: strings(data.dataCategories),
    recipients: strings(data.recipients),
    lawfulBasis: data.lawfulBasis,
    givenOn: data.givenOn,
    expiresOn: text(data.expiresOn),
    method: data.method,
    evidenceRef: data.evidenceRef,
    noticeVersion: data.noticeVersion,
    language: data.language,
    interpreterUsed: data.interpreterUsed === true,
    recordedAt: text(data.recordedAt) ?? event.metadata.occurredAt,
    withdrawnOn: null,
    withdrawalMethod: null,
  };
}

function disclosure(event: RecordedEvent): ClientDisclosureDocument {
  const common = dataOf<InformationDisclosed['data'] | DisclosureRefused['data']>(event);
  const request = {
    disclosureId: common.disclosureId,
    recipient: common.recipient,
    purpose: common.purpose,
    dataCategories: strings(common.dataCategories),
    matchId: text(common.matchId),
  };
  if (event.type === 'InformationDisclosed') {
    const data = dataOf<InformationDisclosed['data']>(event);
    return {
      ...request,
      outcome: 'DISCLOSED',
      consentId: 'consentId' in data.basis ? data.basis.consentId : null,
      legalObligation: 'legalObligation' in data.basis ? data.basis.legalObligation : null,
      refusalCode: null,
      coverageCode: null,
      at: data.disclosedAt,
      by: data.disclosedBy,
    };
  }
  const data = dataOf<DisclosureRefused['data']>(event);
  return {
    ...request,
    outcome: 'REFUSED',
    consentId: null,
    legalObligation: null,
    refusalCode: data.reasonCode,
    coverageCode: data.coverageCode,
    at: data.refusedAt,
    by: data.requestedBy,
  };
}

/** Withdrawals may be recorded late; the earliest effective one stands, as coverage decides it. */
function withdraw(consents: ClientConsentDocument[], event: RecordedEvent): ClientConsentDocument[] {
  const { consentId, withdrawnOn, method } = dataOf<ConsentWithdrawn['data']>(event);
  return consents.map((consent) =>
    consent.consentId !== consentId ||
    (consent.withdrawnOn !== null && Date.parse(consent.withdrawnOn) <= Date.parse(withdrawnOn))
      ? consent
      : { ...consent, withdrawnOn, withdrawalMethod: method },
  );
}

export const clientsProjection = defineProjection<ClientDocument>({
  name: CLIENTS_READ_MODEL,
  version: 1,
  handles: [
    'ClientRegistered',
    'ClientContactUpdated',
    'ConsentGiven',
    'ConsentWithdrawn',
    'InformationDisclosed',
    'DisclosureRefused',
    'ClientPersonalDataErased',
    'ClientDeparted',
  ],
  fields: [
    { name: 'region', type: 'string' },
    { name: 'status', type: 'string' },
    { name: 'erased', type: 'boolean' },
    { name: 'languages', type: 'string[]' },
    { name: 'needs', type: 'string[]' },
    { name: 'name', type: 'string', text: true },
    { name: 'registeredAt', type: 'string' },
  ],
  documentId: (event) =>
    event.streamId.startsWith(CLIENT_STREAM_PREFIX)
      ? event.streamId.slice(CLIENT_STREAM_PREFIX.length)
      : null,
  evolve: (document, event) => {
    if (event.type === 'ClientRegistered') return document ?? registered(event);
    // Every other event follows registration in the same stream; without it there is nothing to attach to.
    if (document === null) return null;
    switch (event.type) {
      case 'ClientContactUpdated':
        return document.erased ? document : { ...document, contact: contactOf(event.data.contact) };
      case 'ConsentGiven':
        return { ...document, consents: [...document.consents, consentGiven(event)] };
      case 'ConsentWithdrawn':
        return { ...document, consents: withdraw(document.consents, event) };
      case 'InformationDisclosed':
      case 'DisclosureRefused':
        return { ...document, disclosures: [...document.disclosures, disclosure(event)] };
      case 'ClientPersonalDataErased':
        return {
          ...document,
          ...personalDataPurged,
          erased: true,
          erasedAt: dataOf<ClientPersonalDataErased['data']>(event).erasedAt,
        };
      case 'ClientDeparted': {
        const { leftOn, reasonCode } = dataOf<ClientDeparted['data']>(event);
        return { ...document, status: 'DEPARTED', departedOn: leftOn, departureReason: reasonCode };
      }
      default:
        return document;
    }
  },
});
