import { Args, Info, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { badInput } from '../../../platform/commands/command-errors';
import {
  Connection,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  toConnection,
  type ConnectionShape,
} from '../../../shared/connection';
import { ClientPersonalDataAccess } from '../../access/client-personal-data';
import { ClientReader } from '../../client-reader';
import { principalOf } from '../../commands/client-command.support';
import { ClientType } from '../../model/client.types';
import { toClientNode } from '../../model/client.views';
import { ClientFilter } from './clients.filter';

@ObjectType()
export class ClientConnection extends Connection(ClientType, 'Client') {}

@Resolver()
export class ClientsQueryResolver {
  constructor(
    private readonly reader: ClientReader,
    private readonly personalData: ClientPersonalDataAccess,
  ) {}

  @Query(() => ClientConnection, { description: 'Clients in your regions, oldest registration first' })
  @Roles('COORDINATOR', 'AUDITOR', 'ADMIN')
  async clients(
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Args('filter', { type: () => ClientFilter, nullable: true }) filter?: ClientFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<ConnectionShape<ClientType>> {
    const principal = principalOf(context);
    const pageSize = first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    // Auditors see pseudonyms; letting them search by name would reveal names one prefix at a time.
    if (principal.role === 'AUDITOR' && filter?.namePrefix) {
      throw new GraphQLError('Searching by name is not available to auditors', {
        extensions: { code: 'FORBIDDEN' },
      });
    }
    const page = await this.reader.list(principal, {
      ...(filter ?? {}),
      first: pageSize,
      after: after ?? null,
    });
    if (filter?.namePrefix) await this.personalData.recordNameSearch(context, info, page.items);
    return toConnection(page, page.totalCount, toClientNode);
  }
}
