import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@app/platform';

/** What every resolver can know about the call: who, and the correlation id that ties its events and logs together. */
export interface RequestContext {
  readonly req: FastifyRequest;
  /** Where response headers go (the rate limit's, for one). */
  readonly reply: FastifyReply;
  readonly principal: Principal | null;
  readonly correlationId: string;
}
