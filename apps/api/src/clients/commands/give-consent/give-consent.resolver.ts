import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { GiveConsentCommand } from './give-consent.command';
import { GiveConsentInput } from './give-consent.input';
import { GiveConsentPayload } from './give-consent.payload';

@Resolver()
export class GiveConsentResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => GiveConsentPayload)
  @Roles('COORDINATOR', 'ADMIN')
  giveConsent(
    @Args('input') input: GiveConsentInput,
    @Ctx() context: RequestContext,
  ): Promise<GiveConsentPayload> {
    return this.commandBus.execute(new GiveConsentCommand(input, context));
  }
}
