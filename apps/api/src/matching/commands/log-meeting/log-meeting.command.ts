import type { RequestContext } from '../../../platform/auth/request-context';
import type { LogMeetingInput } from './log-meeting.input';

export class LogMeetingCommand {
  constructor(
    readonly input: LogMeetingInput,
    readonly context: RequestContext,
  ) {}
}
