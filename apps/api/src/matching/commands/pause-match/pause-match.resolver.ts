import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { MatchPayloadShape } from '../../shared/match-command-runner';
import { PauseMatchCommand } from './pause-match.command';
import { PauseMatchInput } from './pause-match.input';
import { PauseMatchPayload } from './pause-match.payload';

@Resolver()
export class PauseMatchResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => PauseMatchPayload, {
    description: "Pauses an ACTIVE match; a paused match still holds the volunteer's place.",
  })
  @Roles('COORDINATOR', 'ADMIN')
  pauseMatch(
    @Args('input') input: PauseMatchInput,
    @Ctx() context: RequestContext,
  ): Promise<MatchPayloadShape> {
    return this.commandBus.execute(new PauseMatchCommand(input, context));
  }
}
