import type { Projection } from '../projection';
import { clientsProjection } from './clients.projection';
import { consentsProjection } from './consents.projection';
import { disclosuresProjection } from './disclosures.projection';

export * from './clients.projection';
export * from './consents.projection';
export * from './disclosures.projection';
export { clientRecordId } from './event-data';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each projection has its own document type
export const CLIENT_PROJECTIONS: readonly Projection<any>[] = [
  clientsProjection,
  consentsProjection,
  disclosuresProjection,
];
