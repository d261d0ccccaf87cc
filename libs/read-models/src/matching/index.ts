import type { Projection } from '../projection';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each projection has its own document type
export const MATCHING_PROJECTIONS: readonly Projection<any>[] = [];
