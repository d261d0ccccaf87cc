import type { Projection } from '../projection';
import { matchClientRegionsProjection } from './match-client-regions.projection';
import { matchesProjection } from './matches.projection';

export * from './matches.projection';
export * from './match-client-regions.projection';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each projection has its own document type
export const MATCHING_PROJECTIONS: readonly Projection<any>[] = [
  matchesProjection,
  matchClientRegionsProjection,
];
