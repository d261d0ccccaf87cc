import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { RecordGuideHandedOutInput } from './record-guide-handed-out.input';
import type { RecordGuideHandedOutPayload } from './record-guide-handed-out.payload';

export class RecordGuideHandedOutCommand extends Command<RecordGuideHandedOutPayload> {
  constructor(
    readonly input: RecordGuideHandedOutInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
