import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { ActivateVolunteerInput } from './activate-volunteer.input';
import type { ActivateVolunteerPayload } from './activate-volunteer.payload';

export class ActivateVolunteerCommand extends Command<ActivateVolunteerPayload> {
  constructor(
    readonly input: ActivateVolunteerInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
