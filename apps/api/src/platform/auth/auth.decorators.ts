import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from '@app/platform';
import type { RequestContext } from './request-context';

export const ROLES_KEY = 'pruvodce:roles';
export const PUBLIC_KEY = 'pruvodce:public';

/** The roles allowed to run an operation; every operation must declare its roles or be marked public. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No sign-in needed (e.g. verifying a certificate by number and code). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext =>
  GqlExecutionContext.create(context).getContext<RequestContext>(),
);
