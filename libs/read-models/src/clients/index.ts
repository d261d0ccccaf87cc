import type { Projection } from '../projection';
import { clientsProjection } from './clients.projection';

export * from './clients.projection';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each projection has its own document type
export const CLIENT_PROJECTIONS: readonly Projection<any>[] = [clientsProjection];
