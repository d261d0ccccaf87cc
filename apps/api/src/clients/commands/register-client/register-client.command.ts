import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { RegisterClientInput } from './register-client.input';
import type { RegisterClientPayload } from './register-client.payload';

export class RegisterClientCommand extends Command<RegisterClientPayload> {
  constructor(
    readonly input: RegisterClientInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
