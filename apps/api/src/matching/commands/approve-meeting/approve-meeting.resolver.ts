import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { MatchPayloadShape } from '../../shared/match-command-runner';
import { ApproveMeetingCommand } from './approve-meeting.command';
import { ApproveMeetingInput } from './approve-meeting.input';
import { ApproveMeetingPayload } from './approve-meeting.payload';

@Resolver()
export class ApproveMeetingResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => ApproveMeetingPayload, {
    description: 'Approves a logged meeting: from now on its hours count.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  approveMeeting(
    @Args('input') input: ApproveMeetingInput,
    @Ctx() context: RequestContext,
  ): Promise<MatchPayloadShape> {
    return this.commandBus.execute(new ApproveMeetingCommand(input, context));
  }
}
