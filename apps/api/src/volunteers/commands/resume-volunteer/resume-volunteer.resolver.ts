import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { ResumeVolunteerCommand } from './resume-volunteer.command';
import { ResumeVolunteerInput } from './resume-volunteer.input';
import { ResumeVolunteerPayload } from './resume-volunteer.payload';

@Resolver()
export class ResumeVolunteerResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => ResumeVolunteerPayload, {
    description: 'Brings a paused volunteer back to ACTIVE (agreement and insurance must be in force).',
  })
  @Roles('COORDINATOR', 'ADMIN')
  resumeVolunteer(
    @Args('input') input: ResumeVolunteerInput,
    @Ctx() context: RequestContext,
  ): Promise<ResumeVolunteerPayload> {
    return this.commandBus.execute(new ResumeVolunteerCommand(input, context));
  }
}
