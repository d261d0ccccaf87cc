import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { PauseVolunteerCommand } from './pause-volunteer.command';
import { PauseVolunteerInput } from './pause-volunteer.input';
import { PauseVolunteerPayload } from './pause-volunteer.payload';

@Resolver()
export class PauseVolunteerResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => PauseVolunteerPayload, { description: 'Pauses an active volunteer.' })
  @Roles('COORDINATOR', 'ADMIN')
  pauseVolunteer(
    @Args('input') input: PauseVolunteerInput,
    @Ctx() context: RequestContext,
  ): Promise<PauseVolunteerPayload> {
    return this.commandBus.execute(new PauseVolunteerCommand(input, context));
  }
}
