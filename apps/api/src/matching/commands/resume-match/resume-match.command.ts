import type { RequestContext } from '../../../platform/auth/request-context';
import type { ResumeMatchInput } from './resume-match.input';

export class ResumeMatchCommand {
  constructor(
    readonly input: ResumeMatchInput,
    readonly context: RequestContext,
  ) {}
}
