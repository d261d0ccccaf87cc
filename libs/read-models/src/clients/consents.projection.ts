import { toEpochMillis, type ConsentGiven, type ConsentWithdrawn } from '@app/domain';
import type { JsonObject, RecordedEvent } from '@app/event-store';
import { defineProjection } from '../projection';
import { clientIdOf, clientRecordId, clientRecordIdOf, dataOf, strings, text } from './event-data';

/**
 * One consent of a client, with its withdrawal. A document of its own rather than an entry in the client's:
 * recording a consent then writes this document alone, whatever the client's history (ADR 12).
 */
export interface ConsentDocument extends JsonObject {
  consentId: string;
  clientId: string;
  /** Revision of the ConsentGiven event in the client's stream: the order the consents were given in. */
  sequence: number;
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

export const CONSENTS_READ_MODEL = 'consents';

export const consentDocumentId = clientRecordId;

function given(clientId: string, event: RecordedEvent): ConsentDocument {
  const data = dataOf<ConsentGiven['data']>(event);
  return {
    consentId: data.consentId,
    clientId,
    sequence: event.revision,
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

/** Withdrawals may be recorded late; the earliest effective one stands, as coverage decides it. */
function withdrawn(consent: ConsentDocument, event: RecordedEvent): ConsentDocument {
  const { withdrawnOn, method } = dataOf<ConsentWithdrawn['data']>(event);
  if (consent.withdrawnOn !== null && toEpochMillis(consent.withdrawnOn) <= toEpochMillis(withdrawnOn))
    return consent;
  return { ...consent, withdrawnOn, withdrawalMethod: method };
}

export const consentsProjection = defineProjection<ConsentDocument>({
  name: CONSENTS_READ_MODEL,
  version: 1,
  handles: ['ConsentGiven', 'ConsentWithdrawn'],
  fields: [
    { name: 'clientId', type: 'string' },
    { name: 'sequence', type: 'number' },
    { name: 'expiresOn', type: 'string' },
    { name: 'withdrawnOn', type: 'string' },
  ],
  documentId: (event) => clientRecordIdOf(event, 'consentId'),
  evolve: (document, event) => {
    const clientId = clientIdOf(event);
    if (clientId === null) return document;
    if (event.type === 'ConsentGiven') return document ?? given(clientId, event);
    // A withdrawal follows its consent in the same stream; without it there is nothing to withdraw.
    if (event.type === 'ConsentWithdrawn' && document !== null) return withdrawn(document, event);
    return document;
  },
});
