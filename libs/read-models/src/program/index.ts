import type { Projection } from '../projection';
import { programSessionsProjection } from './program-sessions.projection';

export * from './program-sessions.projection';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each projection has its own document type
export const PROGRAM_PROJECTIONS: readonly Projection<any>[] = [programSessionsProjection];
