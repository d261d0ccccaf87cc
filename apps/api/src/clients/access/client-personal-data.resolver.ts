import { ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { ClientDocument } from '@app/read-models/clients';
import type { RequestContext } from '../../platform/auth/request-context';
import { DateScalar } from '../../shared/scalars';
import { ClientContactType, ClientType } from '../model/client.types';
import { ClientPersonalDataAccess, ERASED_NAME, personalDataView, pseudonymOf } from './client-personal-data';
import { PERSONAL_FIELD_COST } from '../../platform/graphql-limits';

interface Disclosure<T> {
  readonly value: (document: ClientDocument) => T | null;
  /** What an auditor sees instead (personal data is pseudonymised for them). */
  readonly pseudonym: (client: ClientType) => T | null;
  /** What is left after erasure. */
  readonly erased: T | null;
}

/**
 * Personal fields of `Client`. Whatever resolver returned the client (a query, a mutation payload), these are
 * the only way to its personal data, so the role rules and the access record cannot be bypassed.
 *
 * The methods take GraphQL's own arguments (parent, arguments, context, info) rather than parameter decorators:
 * without decorators Nest hands them to graphql-js as they are, instead of running each field of each client
 * through its pipes and parameter factories.
 */
@Resolver(() => ClientType)
export class ClientPersonalDataResolver {
  constructor(private readonly access: ClientPersonalDataAccess) {}

  @ResolveField('name', () => String, {
    complexity: PERSONAL_FIELD_COST,
    nullable: true,
    description: 'Personal data; pseudonymised for auditors',
  })
  name(client: ClientType, _arguments: unknown, context: RequestContext, info: GraphQLResolveInfo) {
    return this.reveal(client, context, info, {
      value: (document) => document.name,
      pseudonym: (shown) => pseudonymOf(shown.id),
      erased: ERASED_NAME,
    });
  }

  @ResolveField('contact', () => ClientContactType, {
    complexity: PERSONAL_FIELD_COST,
    nullable: true,
    description: 'Personal data',
  })
  contact(client: ClientType, _arguments: unknown, context: RequestContext, info: GraphQLResolveInfo) {
    return this.reveal<ClientContactType>(client, context, info, {
      value: (document) => document.contact,
      pseudonym: () => null,
      erased: null,
    });
  }

  @ResolveField('dateOfBirth', () => DateScalar, {
    complexity: PERSONAL_FIELD_COST,
    nullable: true,
    description: 'Personal data',
  })
  dateOfBirth(client: ClientType, _arguments: unknown, context: RequestContext, info: GraphQLResolveInfo) {
    return this.reveal(client, context, info, {
      value: (document) => document.dateOfBirth,
      pseudonym: () => null,
      erased: null,
    });
  }

  @ResolveField('countryOfOrigin', () => String, {
    complexity: PERSONAL_FIELD_COST,
    nullable: true,
    description: 'Personal data (ISO 3166-1 alpha-2)',
  })
  countryOfOrigin(
    client: ClientType,
    _arguments: unknown,
    context: RequestContext,
    info: GraphQLResolveInfo,
  ) {
    return this.reveal(client, context, info, {
      value: (document) => document.countryOfOrigin,
      pseudonym: () => null,
      erased: null,
    });
  }

  /** Synchronous once the request's record of this client is written: no promise per field then. */
  private reveal<T>(
    client: ClientType,
    context: RequestContext,
    info: GraphQLResolveInfo,
    disclosure: Disclosure<T>,
  ): T | null | Promise<T | null> {
    // Neither a pseudonym nor an erased record is personal data: nothing to record.
    switch (personalDataView(context, client)) {
      case 'NONE':
        return null;
      case 'PSEUDONYM':
        return disclosure.pseudonym(client);
      case 'ERASED':
        return disclosure.erased;
      case 'DATA':
        break;
    }
    if (this.access.isRecorded(context, client.id, info.fieldName)) return disclosure.value(client.document);
    return this.access.recordRead(context, info, client.id).then(() => disclosure.value(client.document));
  }
}
