import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { RecordCourseCompletionCommand } from './record-course-completion.command';
import { RecordCourseCompletionInput } from './record-course-completion.input';
import { RecordCourseCompletionPayload } from './record-course-completion.payload';

@Resolver()
export class RecordCourseCompletionResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => RecordCourseCompletionPayload, {
    description: 'Records that the volunteer completed the introductory course (a gate of activation).',
  })
  @Roles('COORDINATOR', 'ADMIN')
  recordCourseCompletion(
    @Args('input') input: RecordCourseCompletionInput,
    @Ctx() context: RequestContext,
  ): Promise<RecordCourseCompletionPayload> {
    return this.commandBus.execute(new RecordCourseCompletionCommand(input, context));
  }
}
