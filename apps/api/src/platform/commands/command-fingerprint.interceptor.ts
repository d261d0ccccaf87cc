import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { from, mergeMap, type Observable } from 'rxjs';
import type { AppConfig } from '@app/platform';
import { APP_CONFIG } from '../tokens';
import { commandFingerprintsOf, withCommandFingerprint } from './command-fingerprint';

/**
 * Fingerprints each mutation's request before its resolver runs, so that every command the mutation hands to
 * the `CommandGateway` carries it (ADR 18). Here rather than in each handler: the input must be taken as the
 * client sent it, before validation and handlers turn it into a command, and no mutation can forget it.
 */
@Injectable()
export class CommandFingerprintInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.parentType.name !== 'Mutation') return next.handle();
    const { input } = gql.getArgs<{ input?: unknown }>();
    return from(commandFingerprintsOf(this.config)).pipe(
      // `handle` binds the resolver to the async context it is called in, so the resolver runs inside the scope.
      mergeMap((fingerprints) =>
        withCommandFingerprint(fingerprints.of(info.fieldName, input), () => next.handle()),
      ),
    );
  }
}
