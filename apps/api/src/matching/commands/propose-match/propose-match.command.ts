import type { RequestContext } from '../../../platform/auth/request-context';
import type { ProposeMatchInput } from './propose-match.input';

export class ProposeMatchCommand {
  constructor(
    readonly input: ProposeMatchInput,
    readonly context: RequestContext,
  ) {}
}
