import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { EraseClientPersonalDataInput } from './erase-client-personal-data.input';
import type { EraseClientPersonalDataPayload } from './erase-client-personal-data.payload';

export class EraseClientPersonalDataCommand extends Command<EraseClientPersonalDataPayload> {
  constructor(
    readonly input: EraseClientPersonalDataInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
