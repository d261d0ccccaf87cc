import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { WithdrawConsentInput } from './withdraw-consent.input';
import type { WithdrawConsentPayload } from './withdraw-consent.payload';

export class WithdrawConsentCommand extends Command<WithdrawConsentPayload> {
  constructor(
    readonly input: WithdrawConsentInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
