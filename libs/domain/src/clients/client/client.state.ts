import type { CalendarDate, Region } from '../../shared/reference-data';
import { dateOf } from '../../shared/time';
import type { ClientEvent, ConsentEvent } from './client.events';

export type ClientStatus = 'UNREGISTERED' | 'REGISTERED' | 'DEPARTED';

export interface ClientState {
  readonly status: ClientStatus;
  readonly clientId?: string;
  readonly region?: Region;
  /** The day of registration (in Prague): nothing about the client's time in the program can precede it. */
  readonly registeredOn?: CalendarDate;
  readonly erased: boolean;
  /** The consent facts in stream order: what coveringConsent needs, and what survives erasure. */
  readonly consentHistory: readonly ConsentEvent[];
  /**
   * The ids of the consents given, in stream order: whether an id is taken is asked on every consent command,
   * and scanning the ids alone stays cheap where scanning the history's events did not (ADR 12).
   */
  readonly consentIds: readonly string[];
  readonly disclosureIds: readonly string[];
}

export const initialClientState: ClientState = {
  status: 'UNREGISTERED',
  erased: false,
  consentHistory: [],
  consentIds: [],
  disclosureIds: [],
};

export function evolveClient(state: ClientState, event: ClientEvent): ClientState {
  switch (event.type) {
    case 'ClientRegistered':
      return {
        ...state,
        status: 'REGISTERED',
        clientId: event.data.clientId,
        region: event.data.region,
        registeredOn: dateOf(event.data.registeredAt),
      };
    case 'ClientContactUpdated':
      return state;
    case 'ConsentGiven':
      return {
        ...state,
        consentHistory: [...state.consentHistory, event],
        consentIds: [...state.consentIds, event.data.consentId],
      };
    case 'ConsentWithdrawn':
      return { ...state, consentHistory: [...state.consentHistory, event] };
    case 'InformationDisclosed':
    case 'DisclosureRefused':
      return { ...state, disclosureIds: [...state.disclosureIds, event.data.disclosureId] };
    case 'ClientPersonalDataErased':
      return { ...state, erased: true };
    case 'ClientDeparted':
      return { ...state, status: 'DEPARTED' };
  }
}

export const hasConsent = (state: ClientState, consentId: string): boolean =>
  state.consentIds.includes(consentId);

export const findConsent = (state: ClientState, consentId: string) =>
  state.consentHistory.find((event) => event.type === 'ConsentGiven' && event.data.consentId === consentId);

export const isConsentWithdrawn = (state: ClientState, consentId: string): boolean =>
  state.consentHistory.some(
    (event) => event.type === 'ConsentWithdrawn' && event.data.consentId === consentId,
  );
