import { Inject } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import type { Clock } from '@app/platform';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { CLOCK } from '../../../platform/tokens';
import { ClientReader } from '../../client-reader';
import { principalOf } from '../../commands/client-command.support';
import { ConsentType } from '../../model/client.types';
import { toConsentView } from '../../model/client.views';

@Resolver()
export class ConsentsQueryResolver {
  constructor(
    private readonly reader: ClientReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query(() => [ConsentType], {
    description: "A client's consents in the order given, with their status now",
  })
  @Roles('COORDINATOR', 'AUDITOR', 'ADMIN')
  async consents(
    @Args('clientId', { type: () => ID }) clientId: string,
    @Ctx() context: RequestContext,
  ): Promise<ConsentType[]> {
    await this.reader.visible(principalOf(context), clientId);
    const now = this.clock.now().toISOString();
    return (await this.reader.consents(clientId)).map((consent) => toConsentView(consent, now));
  }
}
