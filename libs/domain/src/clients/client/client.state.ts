import type { Region } from '../../shared/reference-data';
import type { ClientEvent, ConsentEvent, ConsentGiven } from './client.events';

export type ClientStatus = 'UNREGISTERED' | 'REGISTERED' | 'DEPARTED';

export interface ClientState {
  readonly status: ClientStatus;
  readonly clientId?: string;
  readonly region?: Region;
  readonly erased: boolean;
  /** The consent facts in stream order: what coveringConsent needs, and what survives erasure. */
  readonly consentHistory: readonly ConsentEvent[];
  /**
   * The same consents by id, and the ids of those withdrawn: every consent command looks one up, and a scan
   * of the history made each command cost more than the last on a client with many consents.
   */
  readonly consentsGiven: ReadonlyMap<string, ConsentGiven>;
  readonly withdrawnConsentIds: ReadonlySet<string>;
  readonly disclosureIds: readonly string[];
}

export const initialClientState: ClientState = {
  status: 'UNREGISTERED',
  erased: false,
  consentHistory: [],
  consentsGiven: new Map(),
  withdrawnConsentIds: new Set(),
  disclosureIds: [],
};

export function evolveClient(state: ClientState, event: ClientEvent): ClientState {
  switch (event.type) {
    case 'ClientRegistered':
      return { ...state, status: 'REGISTERED', clientId: event.data.clientId, region: event.data.region };
    case 'ClientContactUpdated':
      return state;
    case 'ConsentGiven':
      return {
        ...state,
        consentHistory: [...state.consentHistory, event],
        // A repeated id is refused by decide; should one be in the log regardless, the first giving stands.
        consentsGiven: state.consentsGiven.has(event.data.consentId)
          ? state.consentsGiven
          : new Map(state.consentsGiven).set(event.data.consentId, event),
      };
    case 'ConsentWithdrawn':
      return {
        ...state,
        consentHistory: [...state.consentHistory, event],
        withdrawnConsentIds: new Set(state.withdrawnConsentIds).add(event.data.consentId),
      };
    case 'InformationDisclosed':
    case 'DisclosureRefused':
      return { ...state, disclosureIds: [...state.disclosureIds, event.data.disclosureId] };
    case 'ClientPersonalDataErased':
      return { ...state, erased: true };
    case 'ClientDeparted':
      return { ...state, status: 'DEPARTED' };
  }
}

export const findConsent = (state: ClientState, consentId: string): ConsentGiven | undefined =>
  state.consentsGiven.get(consentId);

export const isConsentWithdrawn = (state: ClientState, consentId: string): boolean =>
  state.withdrawnConsentIds.has(consentId);
