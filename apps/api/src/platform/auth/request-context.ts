import type { Request } from 'express';
import type { Principal } from '@app/platform';

/** What every resolver can know about the call: who, and the correlation id that ties its events and logs together. */
export interface RequestContext {
  readonly req: Request;
  readonly principal: Principal | null;
  readonly correlationId: string;
}
