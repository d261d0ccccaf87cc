import type { Projection } from '../projection';
import { certificatesProjection } from './certificates.projection';

export * from './certificates.projection';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each projection has its own document type
export const CERTIFICATE_PROJECTIONS: readonly Projection<any>[] = [certificatesProjection];
