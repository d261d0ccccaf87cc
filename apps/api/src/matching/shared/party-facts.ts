import { Inject, Injectable } from '@nestjs/common';
import {
  clientStreamId,
  evolveClient,
  evolveVolunteer,
  fold,
  initialClientState,
  initialVolunteerState,
  volunteerStreamId,
  type AvailabilitySlot,
  type ClientEvent,
  type ClientRegistered,
  type LanguageCode,
  type Need,
  type Region,
  type VolunteerEvent,
  type VolunteerFacts,
  type VolunteerRegistered,
} from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { EVENT_STORE } from '../../platform/tokens';

export interface ClientMatchingFacts {
  readonly region: Region;
  readonly languages: readonly LanguageCode[];
  readonly needs: readonly Need[];
  readonly availability: readonly AvailabilitySlot[];
  /** Standing, as the client's own decider sees it: what ProposeMatch and AcceptMatch refuse on. */
  readonly departed: boolean;
  readonly erased: boolean;
}

export interface VolunteerMatchingFacts extends Omit<VolunteerFacts, 'currentMatchCount'> {
  readonly volunteerId: string;
}

const asDomain = <E>(event: RecordedEvent): E => ({ type: event.type, data: event.data }) as unknown as E;

/**
 * The facts a proposal is decided on, folded from the parties' own streams rather than from read models:
 * always current, whatever a projection's lag. Only clear (non-sealed) fields are used.
 */
@Injectable()
export class PartyFacts {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** `null` when no such client was registered. Region, languages and needs are fixed at registration. */
  async client(clientId: string): Promise<ClientMatchingFacts | null> {
    const events = (await this.store.readStream(clientStreamId(clientId))).map((event) =>
      asDomain<ClientEvent>(event),
    );
    const registered = events.find((event): event is ClientRegistered => event.type === 'ClientRegistered');
    if (registered === undefined) return null;
    const state = fold({ initialState: initialClientState, evolve: evolveClient }, events);
    const { data } = registered;
    return {
      region: data.region,
      languages: data.languages,
      needs: data.needs,
      availability: data.availability,
      departed: state.status === 'DEPARTED',
      erased: state.erased,
    };
  }

  /** `null` when no such volunteer was registered. */
  async volunteer(volunteerId: string): Promise<VolunteerMatchingFacts | null> {
    const events = (await this.store.readStream(volunteerStreamId(volunteerId))).map((event) =>
      asDomain<VolunteerEvent>(event),
    );
    const registered = events.find(
      (event): event is VolunteerRegistered => event.type === 'VolunteerRegistered',
    );
    if (registered === undefined) return null;
    const state = fold({ initialState: initialVolunteerState, evolve: evolveVolunteer }, events);
    if (state.status === 'UNREGISTERED') return null;
    return {
      volunteerId,
      status: state.status,
      insurance: state.insurance.map((policy) => ({ from: policy.from, to: policy.to })),
      regions: registered.data.regions,
      languages: registered.data.languages,
    };
  }
}
