import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { RecordGroupMeetingCommand } from './record-group-meeting.command';
import { RecordGroupMeetingInput } from './record-group-meeting.input';
import { RecordGroupMeetingPayload } from './record-group-meeting.payload';

@Resolver()
export class RecordGroupMeetingResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => RecordGroupMeetingPayload, {
    description: 'Records a monthly group meeting and the attendance of each volunteer present.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  recordGroupMeeting(
    @Args('input') input: RecordGroupMeetingInput,
    @Ctx() context: RequestContext,
  ): Promise<RecordGroupMeetingPayload> {
    return this.commandBus.execute(new RecordGroupMeetingCommand(input, context));
  }
}
