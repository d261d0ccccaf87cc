import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { RecordConsultationInput } from './record-consultation.input';
import type { RecordConsultationPayload } from './record-consultation.payload';

export class RecordConsultationCommand extends Command<RecordConsultationPayload> {
  constructor(
    readonly input: RecordConsultationInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
