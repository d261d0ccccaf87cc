import type { Projection } from '../projection';
import { volunteersProjection } from './volunteers.projection';

export * from './volunteers.projection';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each projection has its own document type
export const VOLUNTEER_PROJECTIONS: readonly Projection<any>[] = [volunteersProjection];
