import type { RequestContext } from '../../../platform/auth/request-context';
import type { AcceptMatchInput } from './accept-match.input';

export class AcceptMatchCommand {
  constructor(
    readonly input: AcceptMatchInput,
    readonly context: RequestContext,
  ) {}
}
