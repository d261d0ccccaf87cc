import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { WithdrawConsentCommand } from './withdraw-consent.command';
import { WithdrawConsentInput } from './withdraw-consent.input';
import { WithdrawConsentPayload } from './withdraw-consent.payload';

@Resolver()
export class WithdrawConsentResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => WithdrawConsentPayload)
  @Roles('COORDINATOR', 'ADMIN')
  withdrawConsent(
    @Args('input') input: WithdrawConsentInput,
    @Ctx() context: RequestContext,
  ): Promise<WithdrawConsentPayload> {
    return this.commandBus.execute(new WithdrawConsentCommand(input, context));
  }
}
