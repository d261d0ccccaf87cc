import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { RecordGroupMeetingInput } from './record-group-meeting.input';
import type { RecordGroupMeetingPayload } from './record-group-meeting.payload';

export class RecordGroupMeetingCommand extends Command<RecordGroupMeetingPayload> {
  constructor(
    readonly input: RecordGroupMeetingInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
