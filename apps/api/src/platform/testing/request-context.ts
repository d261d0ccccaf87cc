import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@app/platform';
import type { RequestContext } from '../auth/request-context';

/** A resolver's context outside a server, for specs of what runs under it: who calls, and the correlation id. */
export const requestContextOf = (principal: Principal | null, correlationId: string): RequestContext => ({
  req: {} as FastifyRequest,
  reply: {} as FastifyReply,
  principal,
  correlationId,
});
