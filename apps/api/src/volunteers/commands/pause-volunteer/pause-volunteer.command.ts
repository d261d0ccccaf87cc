import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { PauseVolunteerInput } from './pause-volunteer.input';
import type { PauseVolunteerPayload } from './pause-volunteer.payload';

export class PauseVolunteerCommand extends Command<PauseVolunteerPayload> {
  constructor(
    readonly input: PauseVolunteerInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
