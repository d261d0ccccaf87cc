import type { RequestContext } from '../../../platform/auth/request-context';
import type { PauseMatchInput } from './pause-match.input';

export class PauseMatchCommand {
  constructor(
    readonly input: PauseMatchInput,
    readonly context: RequestContext,
  ) {}
}
