import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { IDENTITY_PROVIDER_UNAVAILABLE, type Role } from '@app/platform';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import type { RequestContext } from './request-context';

/**
 * Deny by default: an operation runs only when it is marked public or names the roles allowed to run it and
 * the caller holds one of them. Region checks happen where the record is known (a record outside the
 * caller's regions reads as not found).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const { principal, identityProviderUnavailable } =
      GqlExecutionContext.create(context).getContext<RequestContext>();
    if (principal === null && identityProviderUnavailable === true) {
      throw new GraphQLError('Sign-in cannot be checked right now; try again shortly', {
        extensions: { code: IDENTITY_PROVIDER_UNAVAILABLE },
      });
    }
    if (principal === null) {
      throw new GraphQLError('Sign-in required', { extensions: { code: 'UNAUTHENTICATED' } });
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!roles.includes(principal.role)) {
      throw new GraphQLError('Not allowed for your role', { extensions: { code: 'FORBIDDEN' } });
    }
    return true;
  }
}
