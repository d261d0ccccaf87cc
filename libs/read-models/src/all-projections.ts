import { CERTIFICATE_PROJECTIONS } from './certificates';
import { CLIENT_PROJECTIONS } from './clients';
import { MATCHING_PROJECTIONS } from './matching';
import { PROGRAM_PROJECTIONS } from './program';
import type { Projection } from './projection';
import { VOLUNTEER_PROJECTIONS } from './volunteers';

/** Every read model the runner maintains; the API and the worker both read this list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each projection has its own document type
export const ALL_PROJECTIONS: readonly Projection<any>[] = [
  ...CLIENT_PROJECTIONS,
  ...VOLUNTEER_PROJECTIONS,
  ...MATCHING_PROJECTIONS,
  ...PROGRAM_PROJECTIONS,
  ...CERTIFICATE_PROJECTIONS,
];
