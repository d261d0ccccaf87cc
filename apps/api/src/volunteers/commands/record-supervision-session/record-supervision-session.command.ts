import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { RecordSupervisionSessionInput } from './record-supervision-session.input';
import type { RecordSupervisionSessionPayload } from './record-supervision-session.payload';

export class RecordSupervisionSessionCommand extends Command<RecordSupervisionSessionPayload> {
  constructor(
    readonly input: RecordSupervisionSessionInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
