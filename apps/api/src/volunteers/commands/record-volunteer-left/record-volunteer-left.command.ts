import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { RecordVolunteerLeftInput } from './record-volunteer-left.input';
import type { RecordVolunteerLeftPayload } from './record-volunteer-left.payload';

export class RecordVolunteerLeftCommand extends Command<RecordVolunteerLeftPayload> {
  constructor(
    readonly input: RecordVolunteerLeftInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
