import type { RequestContext } from '../../../platform/auth/request-context';
import type { ApproveMeetingInput } from './approve-meeting.input';

export class ApproveMeetingCommand {
  constructor(
    readonly input: ApproveMeetingInput,
    readonly context: RequestContext,
  ) {}
}
