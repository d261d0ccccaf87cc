import type { ClientRegistered } from '@app/domain';
import type { JsonObject } from '../document-store.port';
import { defineProjection } from '../projection';

export interface MatchClientRegionDocument extends JsonObject {
  clientId: string;
  region: string;
}

/**
 * Client id → region, for the matching context alone. MatchProposed does not carry the region, and a client's
 * region never changes after registration, so matches are placed in a region through this small join. It holds
 * no personal data (region is a clear fact that survives erasure), so erasure leaves it in place.
 */
export const matchClientRegionsProjection = defineProjection<MatchClientRegionDocument>({
  name: 'match_client_regions',
  version: 1,
  handles: ['ClientRegistered'],
  fields: [{ name: 'region', type: 'string' }],
  documentId: (event) => {
    const clientId = event.data.clientId;
    return typeof clientId === 'string' && clientId !== '' ? clientId : null;
  },
  evolve: (_document, event) => {
    const data = event.data as unknown as ClientRegistered['data'];
    return { clientId: data.clientId, region: data.region };
  },
});
