import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { RecordSupervisionSessionCommand } from './record-supervision-session.command';
import { RecordSupervisionSessionInput } from './record-supervision-session.input';
import { RecordSupervisionSessionPayload } from './record-supervision-session.payload';

@Resolver()
export class RecordSupervisionSessionResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => RecordSupervisionSessionPayload, {
    description: 'Records a supervision session and the attendance of each volunteer present.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  recordSupervisionSession(
    @Args('input') input: RecordSupervisionSessionInput,
    @Ctx() context: RequestContext,
  ): Promise<RecordSupervisionSessionPayload> {
    return this.commandBus.execute(new RecordSupervisionSessionCommand(input, context));
  }
}
