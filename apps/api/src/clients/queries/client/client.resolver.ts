import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { ClientReader } from '../../client-reader';
import { principalOf } from '../../commands/client-command.support';
import { ClientType } from '../../model/client.types';
import { toClientNode } from '../../model/client.views';

@Resolver()
export class ClientQueryResolver {
  constructor(private readonly reader: ClientReader) {}

  @Query(() => ClientType, { description: 'NOT_FOUND also when the client lies outside your regions' })
  @Roles('COORDINATOR', 'AUDITOR', 'ADMIN')
  async client(
    @Args('id', { type: () => ID }) id: string,
    @Ctx() context: RequestContext,
  ): Promise<ClientType> {
    return toClientNode(await this.reader.visible(principalOf(context), id));
  }
}
