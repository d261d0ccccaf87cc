import type { ClientDeparted, ClientPersonalDataErased, ClientRegistered } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { JsonObject } from '../document-store.port';
import { defineProjection } from '../projection';
import { clientIdOf, dataOf, strings, text } from './event-data';

export interface ClientContactDocument extends JsonObject {
  phone: string | null;
  email: string | null;
  address: string | null;
}

/**
 * One client: the profile with opened personal data (purged on erasure). The client's consents and
 * disclosures, which survive erasure, are documents of their own (`consents`, `disclosures`).
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
}

export const CLIENTS_READ_MODEL = 'clients';

/**
 * A crypto-shredded contact opens as the `[erased]` marker string, not an object: nothing personal is kept then.
 * A client registered without any contact details has none: null, not an object of nulls.
 */
function contactOf(value: unknown): ClientContactDocument | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const contact = value as Record<string, unknown>;
  const parts = { phone: text(contact.phone), email: text(contact.email), address: text(contact.address) };
  return parts.phone === null && parts.email === null && parts.address === null ? null : parts;
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
  };
}

export const clientsProjection = defineProjection<ClientDocument>({
  name: CLIENTS_READ_MODEL,
  // 2: consents and disclosures moved to documents of their own.
  version: 2,
  handles: ['ClientRegistered', 'ClientContactUpdated', 'ClientPersonalDataErased', 'ClientDeparted'],
  // The name and contact an erasure overwrites must not live on in the store's files: also when the command
  // that recorded it stopped waiting for this projection (READ_MODEL.LAGGING) before it could purge them.
  purgesOverwrittenOn: ['ClientPersonalDataErased'],
  fields: [
    { name: 'region', type: 'string' },
    { name: 'status', type: 'string' },
    { name: 'erased', type: 'boolean' },
    { name: 'languages', type: 'string[]' },
    { name: 'needs', type: 'string[]' },
    { name: 'name', type: 'string', text: true },
    { name: 'registeredAt', type: 'string' },
  ],
  documentId: clientIdOf,
  evolve: (document, event) => {
    if (event.type === 'ClientRegistered') return document ?? registered(event);
    // Every other event follows registration in the same stream; without it there is nothing to attach to.
    if (document === null) return null;
    switch (event.type) {
      case 'ClientContactUpdated':
        return document.erased ? document : { ...document, contact: contactOf(event.data.contact) };
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
