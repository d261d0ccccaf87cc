import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { ActivateVolunteerCommand } from './activate-volunteer.command';
import { ActivateVolunteerInput } from './activate-volunteer.input';
import { ActivateVolunteerPayload } from './activate-volunteer.payload';

@Resolver()
export class ActivateVolunteerResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => ActivateVolunteerPayload, {
    description: 'Activates a volunteer in training once course, agreement and insurance hold.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  activateVolunteer(
    @Args('input') input: ActivateVolunteerInput,
    @Ctx() context: RequestContext,
  ): Promise<ActivateVolunteerPayload> {
    return this.commandBus.execute(new ActivateVolunteerCommand(input, context));
  }
}
