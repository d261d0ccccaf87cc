import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { ResumeVolunteerInput } from './resume-volunteer.input';
import type { ResumeVolunteerPayload } from './resume-volunteer.payload';

export class ResumeVolunteerCommand extends Command<ResumeVolunteerPayload> {
  constructor(
    readonly input: ResumeVolunteerInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
