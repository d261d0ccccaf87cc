import type { RequestContext } from '../../../platform/auth/request-context';
import type { EndMatchInput } from './end-match.input';

export class EndMatchCommand {
  constructor(
    readonly input: EndMatchInput,
    readonly context: RequestContext,
  ) {}
}
