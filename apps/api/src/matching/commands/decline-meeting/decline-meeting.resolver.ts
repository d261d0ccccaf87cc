import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { MatchPayloadShape } from '../../shared/match-command-runner';
import { DeclineMeetingCommand } from './decline-meeting.command';
import { DeclineMeetingInput } from './decline-meeting.input';
import { DeclineMeetingPayload } from './decline-meeting.payload';

@Resolver()
export class DeclineMeetingResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => DeclineMeetingPayload, {
    description: 'Declines a logged meeting: its hours never count; nothing is deleted.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  declineMeeting(
    @Args('input') input: DeclineMeetingInput,
    @Ctx() context: RequestContext,
  ): Promise<MatchPayloadShape> {
    return this.commandBus.execute(new DeclineMeetingCommand(input, context));
  }
}
