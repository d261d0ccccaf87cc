import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { VolunteerCommandRunner } from '../../volunteer-command-runner';
import { RecordCourseCompletionCommand } from './record-course-completion.command';
import type { RecordCourseCompletionPayload } from './record-course-completion.payload';

@CommandHandler(RecordCourseCompletionCommand)
export class RecordCourseCompletionHandler implements ICommandHandler<RecordCourseCompletionCommand> {
  constructor(private readonly runner: VolunteerCommandRunner) {}

  execute({ input, context }: RecordCourseCompletionCommand): Promise<RecordCourseCompletionPayload> {
    return this.runner.onExisting(
      'CompleteIntroductoryCourse',
      context,
      input.volunteerId,
      input.commandId,
      (base) => ({
        type: 'CompleteIntroductoryCourse',
        data: { ...base, courseId: input.courseId, completedOn: input.completedOn },
      }),
    );
  }
}
