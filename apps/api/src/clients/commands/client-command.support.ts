import { applyDecorators } from '@nestjs/common';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { GraphQLError } from 'graphql';
import type { ClientState } from '@app/domain';
import type { Principal } from '@app/platform';
import type { RecordScope } from '../../platform/commands/command-gateway';
import type { RequestContext } from '../../platform/auth/request-context';
import { IsNotBlank } from '../../shared/validation';

export { IsRecordKey } from '../../shared/idempotency-key';

/** A client's address, as registration and a contact update take it: optional, but never blank when given. */
export const IsContactAddress = () =>
  applyDecorators(IsOptional(), IsString(), IsNotEmpty(), IsNotBlank(), MaxLength(300));

export const LANGUAGE_CODE = /^[a-z]{2}$/;
export const COUNTRY_CODE = /^[A-Z]{2}$/;
export const PHONE_NUMBER = /^\+?[0-9][0-9 ()-]{3,30}$/;

export function principalOf(context: RequestContext): Principal {
  if (context.principal === null) {
    throw new GraphQLError('Sign-in required', { extensions: { code: 'UNAUTHENTICATED' } });
  }
  return context.principal;
}

export const outsideYourRegions = (): GraphQLError =>
  new GraphQLError('That region is not one you serve', { extensions: { code: 'FORBIDDEN' } });

/** The read model a client mutation's payload reads, so the gateway waits for it (read-your-writes). */
export const CLIENT_READ_MODELS = ['clients'] as const;
/** What consent and disclosure payloads, and the queries after them, read. */
export const CONSENT_READ_MODELS = ['consents'] as const;
export const DISCLOSURE_READ_MODELS = ['disclosures'] as const;

/** Client commands check the caller's regions on the client's own stream (see `RecordScope`). */
export const CLIENT_SCOPE: RecordScope<ClientState> = {
  what: 'Client',
  regionOf: (state) => (state.status === 'UNREGISTERED' ? null : (state.region ?? null)),
};
