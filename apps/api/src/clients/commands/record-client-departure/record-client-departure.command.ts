import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { RecordClientDepartureInput } from './record-client-departure.input';
import type { RecordClientDeparturePayload } from './record-client-departure.payload';

export class RecordClientDepartureCommand extends Command<RecordClientDeparturePayload> {
  constructor(
    readonly input: RecordClientDepartureInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
