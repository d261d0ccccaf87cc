import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { DiscloseInformationCommand } from './disclose-information.command';
import { DiscloseInformationInput } from './disclose-information.input';
import { DiscloseInformationPayload } from './disclose-information.payload';

@Resolver()
export class DiscloseInformationResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => DiscloseInformationPayload)
  @Roles('COORDINATOR', 'ADMIN')
  discloseInformation(
    @Args('input') input: DiscloseInformationInput,
    @Ctx() context: RequestContext,
  ): Promise<DiscloseInformationPayload> {
    return this.commandBus.execute(new DiscloseInformationCommand(input, context));
  }
}
