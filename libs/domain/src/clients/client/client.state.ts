import type { Region } from '../../shared/reference-data';
import type { ClientEvent, ConsentEvent } from './client.events';

export type ClientStatus = 'UNREGISTERED' | 'REGISTERED' | 'DEPARTED';

export interface ClientState {
  readonly status: ClientStatus;
  readonly clientId?: string;
  readonly region?: Region;
  readonly erased: boolean;
  /** The consent facts in stream order: what coveringConsent needs, and what survives erasure. */
  readonly consentHistory: readonly ConsentEvent[];
  /**
   * Ids of the consents given and of those withdrawn, for the rules that only ask whether an id is known: a
   * search of plain strings costs a fraction of reading every consent event's data, run on every command.
   */
  readonly givenConsentIds: readonly string[];
  readonly withdrawnConsentIds: readonly string[];
  readonly disclosureIds: readonly string[];
}

export const initialClientState: ClientState = {
  status: 'UNREGISTERED',
  erased: false,
  consentHistory: [],
  givenConsentIds: [],
  withdrawnConsentIds: [],
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
        givenConsentIds: [...state.givenConsentIds, event.data.consentId],
      };
    case 'ConsentWithdrawn':
      return {
        ...state,
        consentHistory: [...state.consentHistory, event],
        withdrawnConsentIds: [...state.withdrawnConsentIds, event.data.consentId],
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

export const isConsentGiven = (state: ClientState, consentId: string): boolean =>
  state.givenConsentIds.includes(consentId);

export const findConsent = (state: ClientState, consentId: string) =>
  isConsentGiven(state, consentId)
    ? state.consentHistory.find(
        (event) => event.type === 'ConsentGiven' && event.data.consentId === consentId,
      )
    : undefined;

export const isConsentWithdrawn = (state: ClientState, consentId: string): boolean =>
  state.withdrawnConsentIds.includes(consentId);
