import type { RequestContext } from '../../../platform/auth/request-context';
import type { DeclineMatchInput } from './decline-match.input';

export class DeclineMatchCommand {
  constructor(
    readonly input: DeclineMatchInput,
    readonly context: RequestContext,
  ) {}
}
