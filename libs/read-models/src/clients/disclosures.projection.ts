import type { DisclosureRefused, InformationDisclosed } from '@app/domain';
import type { JsonObject, RecordedEvent } from '@app/event-store';
import { defineProjection } from '../projection';
import { clientIdOf, clientRecordIdOf, dataOf, strings, text } from './event-data';

/** One disclosure request of a client and its outcome, a document of its own (see `ConsentDocument`). */
export interface DisclosureDocument extends JsonObject {
  disclosureId: string;
  clientId: string;
  /** Revision of the event in the client's stream: the order of the requests. */
  sequence: number;
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

export const DISCLOSURES_READ_MODEL = 'disclosures';

function disclosure(clientId: string, event: RecordedEvent): DisclosureDocument {
  const common = dataOf<InformationDisclosed['data'] | DisclosureRefused['data']>(event);
  const request = {
    disclosureId: common.disclosureId,
    clientId,
    sequence: event.revision,
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

export const disclosuresProjection = defineProjection<DisclosureDocument>({
  name: DISCLOSURES_READ_MODEL,
  version: 1,
  handles: ['InformationDisclosed', 'DisclosureRefused'],
  fields: [
    { name: 'clientId', type: 'string' },
    { name: 'sequence', type: 'number' },
  ],
  documentId: (event) => clientRecordIdOf(event, 'disclosureId'),
  evolve: (document, event) => {
    const clientId = clientIdOf(event);
    // Each request is recorded once: a replayed event changes nothing.
    return document ?? (clientId === null ? null : disclosure(clientId, event));
  },
});
