import type { RequestContext } from '../../../platform/auth/request-context';
import type { DiscloseMatchContactInput } from './disclose-match-contact.input';

export class DiscloseMatchContactCommand {
  constructor(
    readonly input: DiscloseMatchContactInput,
    readonly context: RequestContext,
  ) {}
}
