import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { GiveConsentInput } from './give-consent.input';
import type { GiveConsentPayload } from './give-consent.payload';

export class GiveConsentCommand extends Command<GiveConsentPayload> {
  constructor(
    readonly input: GiveConsentInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
