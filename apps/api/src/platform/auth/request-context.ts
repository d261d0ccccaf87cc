import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@app/platform';

const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's `x-correlation-id` when it is a plain token: callers tie their own logs to ours with it. */
export function suppliedCorrelationId(req: Pick<FastifyRequest, 'headers'>): string | null {
  const header = req.headers[CORRELATION_HEADER];
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : null;
}

/** The caller's correlation id, or a new one. */
export function correlationIdOf(req: Pick<FastifyRequest, 'headers'>): string {
  // A correlation id only has to be unique; node's random UUID costs a fraction of a time-ordered one, on every request.
  return suppliedCorrelationId(req) ?? randomUUID();
}

/** What every resolver can know about the call: who, and the correlation id that ties its events and logs together. */
export interface RequestContext {
  readonly req: FastifyRequest;
  /** Where response headers go (the rate limit's, for one). */
  readonly reply: FastifyReply;
  readonly principal: Principal | null;
  readonly correlationId: string;
  /** The bearer token could not be checked because the identity provider could not be reached. */
  readonly identityProviderUnavailable?: boolean;
}
