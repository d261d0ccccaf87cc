import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';

import { LogMeetingCommand } from './log-meeting.command';
import { LogMeetingInput } from './log-meeting.input';
import { LogMeetingPayload } from './log-meeting.payload';

@Resolver()
export class LogMeetingResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => LogMeetingPayload, {
    description: 'Logs a meeting of the pair; its hours count once a coordinator approves it.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  logMeeting(
    @Args('input') input: LogMeetingInput,
    @Ctx() context: RequestContext,
  ): Promise<LogMeetingPayload> {
    return this.commandBus.execute(new LogMeetingCommand(input, context));
  }
}
