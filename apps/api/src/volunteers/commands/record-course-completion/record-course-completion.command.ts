import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { RecordCourseCompletionInput } from './record-course-completion.input';
import type { RecordCourseCompletionPayload } from './record-course-completion.payload';

export class RecordCourseCompletionCommand extends Command<RecordCourseCompletionPayload> {
  constructor(
    readonly input: RecordCourseCompletionInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
