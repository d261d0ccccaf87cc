import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { ClientReader } from '../../client-reader';
import { principalOf } from '../../commands/client-command.support';
import { DisclosureType } from '../../model/client.types';
import { toDisclosureView } from '../../model/client.views';

@Resolver()
export class DisclosuresQueryResolver {
  constructor(private readonly reader: ClientReader) {}

  @Query(() => [DisclosureType], {
    description: "A client's disclosures, refusals included, in the order recorded",
  })
  @Roles('COORDINATOR', 'AUDITOR', 'ADMIN')
  async disclosures(
    @Args('clientId', { type: () => ID }) clientId: string,
    @Ctx() context: RequestContext,
  ): Promise<DisclosureType[]> {
    await this.reader.visible(principalOf(context), clientId);
    return (await this.reader.disclosures(clientId)).map(toDisclosureView);
  }
}
