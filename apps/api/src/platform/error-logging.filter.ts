import {
  Catch,
  HttpException,
  Inject,
  InternalServerErrorException,
  type ArgumentsHost,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import type { Logger } from '@app/platform';
import { suppliedCorrelationId } from './auth/request-context';
import { LOGGER } from './tokens';
import { describeUnexpected } from './unexpected-error';

/**
 * Replaces Nest's own handler, which logs every error thrown by a resolver or a route at level `error` with
 * its message: a coordinator's typo or a refused disclosure read as a fault, and the message of an unexpected
 * error may quote personal data.
 * - GraphQL: the error goes back to Apollo as it is. `formatGraphQLError` decides what the caller reads; the
 *   request log has every error's code, and an unexpected one is logged without its message
 *   (`limitsAndMetricsPlugin`).
 * - Plain HTTP routes: refusals (`HttpException`) are answered as Nest answers them, unlogged. Anything else is
 *   logged without its message and answered 500.
 */
@Catch()
export class ErrorLoggingFilter extends BaseExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): unknown {
    // Handed back, it becomes the field's error.
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    if (exception instanceof HttpException) return super.catch(exception, host);
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    this.logger.error(
      {
        correlationId: suppliedCorrelationId(req),
        route: `${req.method} ${req.routeOptions.url ?? 'unknown'}`,
        ...describeUnexpected(exception),
      },
      'unexpected error on an HTTP route',
    );
    return super.catch(new InternalServerErrorException(), host);
  }
}
