import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { MatchPayloadShape } from '../../shared/match-command-runner';
import { ResumeMatchCommand } from './resume-match.command';
import { ResumeMatchInput } from './resume-match.input';
import { ResumeMatchPayload } from './resume-match.payload';

@Resolver()
export class ResumeMatchResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => ResumeMatchPayload, { description: 'Resumes a PAUSED match.' })
  @Roles('COORDINATOR', 'ADMIN')
  resumeMatch(
    @Args('input') input: ResumeMatchInput,
    @Ctx() context: RequestContext,
  ): Promise<MatchPayloadShape> {
    return this.commandBus.execute(new ResumeMatchCommand(input, context));
  }
}
