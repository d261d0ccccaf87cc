import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { RegisterVolunteerInput } from './register-volunteer.input';
import type { RegisterVolunteerPayload } from './register-volunteer.payload';

export class RegisterVolunteerCommand extends Command<RegisterVolunteerPayload> {
  constructor(
    readonly input: RegisterVolunteerInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
