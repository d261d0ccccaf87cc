import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { RecordGuideHandedOutCommand } from './record-guide-handed-out.command';
import { RecordGuideHandedOutInput } from './record-guide-handed-out.input';
import { RecordGuideHandedOutPayload } from './record-guide-handed-out.payload';

@Resolver()
export class RecordGuideHandedOutResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => RecordGuideHandedOutPayload, {
    description: 'Records that the program handbook (an edition) was handed out to the volunteer.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  recordGuideHandedOut(
    @Args('input') input: RecordGuideHandedOutInput,
    @Ctx() context: RequestContext,
  ): Promise<RecordGuideHandedOutPayload> {
    return this.commandBus.execute(new RecordGuideHandedOutCommand(input, context));
  }
}
