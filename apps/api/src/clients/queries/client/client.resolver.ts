import { Args, ID, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { ClientPersonalDataAccess } from '../../access/client-personal-data';
import { ClientReader } from '../../client-reader';
import { principalOf } from '../../commands/client-command.support';
import { ClientType } from '../../model/client.types';
import { toClientNode } from '../../model/client.views';
import { RECORDED_READ_COST } from '../../../platform/graphql-limits';

@Resolver()
export class ClientQueryResolver {
  constructor(
    private readonly reader: ClientReader,
    private readonly personalData: ClientPersonalDataAccess,
  ) {}

  @Query(() => ClientType, {
    complexity: RECORDED_READ_COST,
    description: 'NOT_FOUND also when the client lies outside your regions',
  })
  @Roles('COORDINATOR', 'AUDITOR', 'ADMIN')
  async client(
    @Args('id', { type: () => ID }) id: string,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ClientType> {
    const client = toClientNode(await this.reader.visible(principalOf(context), id));
    await this.personalData.recordAhead(context, info, client);
    return client;
  }
}
