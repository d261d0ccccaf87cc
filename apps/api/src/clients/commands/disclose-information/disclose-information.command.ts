import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { DiscloseInformationInput } from './disclose-information.input';
import type { DiscloseInformationPayload } from './disclose-information.payload';

export class DiscloseInformationCommand extends Command<DiscloseInformationPayload> {
  constructor(
    readonly input: DiscloseInformationInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
