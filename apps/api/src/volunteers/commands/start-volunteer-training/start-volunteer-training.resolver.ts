import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { StartVolunteerTrainingCommand } from './start-volunteer-training.command';
import { StartVolunteerTrainingInput } from './start-volunteer-training.input';
import { StartVolunteerTrainingPayload } from './start-volunteer-training.payload';

@Resolver()
export class StartVolunteerTrainingResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => StartVolunteerTrainingPayload, {
    description: 'Accepts an applicant for the introductory course (APPLICANT → IN_TRAINING).',
  })
  @Roles('COORDINATOR', 'ADMIN')
  startVolunteerTraining(
    @Args('input') input: StartVolunteerTrainingInput,
    @Ctx() context: RequestContext,
  ): Promise<StartVolunteerTrainingPayload> {
    return this.commandBus.execute(new StartVolunteerTrainingCommand(input, context));
  }
}
