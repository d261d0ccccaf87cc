import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { GraphQLResolveInfo } from 'graphql';
import type { AppConfig } from '@app/platform';
import { APP_CONFIG } from '../tokens';
import { commandFingerprintsOf, setMutationFingerprint } from './command-fingerprint';

/**
 * Fingerprints each mutation's request before its resolver runs, so that every command the mutation hands to
 * the `CommandGateway` carries it (ADR 18): the input as the client sent it, before validation and handlers turn
 * it into a command, and for every mutation, so none can forget it. It refuses nothing.
 *
 * A guard rather than an interceptor: guards run for every resolver anyway, while an interceptor would wrap
 * every query's resolver in an Observable too. That cost the read of one client about a fifth of its time.
 */
@Injectable()
export class CommandFingerprintGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    // GraphQL resolvers are called with (parent, args, context, info); plain HTTP routes are not mutations.
    if (context.getType<string>() !== 'graphql') return true;
    const info = context.getArgByIndex<GraphQLResolveInfo | undefined>(3);
    if (info?.parentType.name !== 'Mutation') return true;
    const { input } = context.getArgByIndex<{ input?: unknown }>(1);
    const request = context.getArgByIndex<object>(2);
    return commandFingerprintsOf(this.config).then((fingerprints) => {
      setMutationFingerprint(request, fingerprints.of(info.fieldName, input));
      return true;
    });
  }
}
