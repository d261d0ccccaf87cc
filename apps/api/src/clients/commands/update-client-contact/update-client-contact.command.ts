import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { UpdateClientContactInput } from './update-client-contact.input';
import type { UpdateClientContactPayload } from './update-client-contact.payload';

export class UpdateClientContactCommand extends Command<UpdateClientContactPayload> {
  constructor(
    readonly input: UpdateClientContactInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
