import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { RecordVolunteerLeftCommand } from './record-volunteer-left.command';
import { RecordVolunteerLeftInput } from './record-volunteer-left.input';
import { RecordVolunteerLeftPayload } from './record-volunteer-left.payload';

@Resolver()
export class RecordVolunteerLeftResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => RecordVolunteerLeftPayload, { description: 'Records that the volunteer left the program.' })
  @Roles('COORDINATOR', 'ADMIN')
  recordVolunteerLeft(
    @Args('input') input: RecordVolunteerLeftInput,
    @Ctx() context: RequestContext,
  ): Promise<RecordVolunteerLeftPayload> {
    return this.commandBus.execute(new RecordVolunteerLeftCommand(input, context));
  }
}
