import type { RequestContext } from '../../../platform/auth/request-context';
import type { DeclineMeetingInput } from './decline-meeting.input';

export class DeclineMeetingCommand {
  constructor(
    readonly input: DeclineMeetingInput,
    readonly context: RequestContext,
  ) {}
}
