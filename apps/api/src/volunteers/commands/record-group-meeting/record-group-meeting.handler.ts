import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ProgramSessionRecorder } from '../../program-session-recorder';
import { RecordGroupMeetingCommand } from './record-group-meeting.command';
import type { RecordGroupMeetingPayload } from './record-group-meeting.payload';

@CommandHandler(RecordGroupMeetingCommand)
export class RecordGroupMeetingHandler implements ICommandHandler<RecordGroupMeetingCommand> {
  constructor(private readonly recorder: ProgramSessionRecorder) {}

  execute({ input, context }: RecordGroupMeetingCommand): Promise<RecordGroupMeetingPayload> {
    return this.recorder.record('RecordGroupMeeting', input, context);
  }
}
