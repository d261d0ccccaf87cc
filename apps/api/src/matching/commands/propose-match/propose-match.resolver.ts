import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { MatchPayloadShape } from '../../shared/match-command-runner';
import { ProposeMatchCommand } from './propose-match.command';
import { ProposeMatchInput } from './propose-match.input';
import { ProposeMatchPayload } from './propose-match.payload';

@Resolver()
export class ProposeMatchResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => ProposeMatchPayload, {
    description:
      'Proposes a volunteer to a client: the client must still be in the program with their data intact, the pair must have no proposed, active or paused match (MATCH.ALREADY_EXISTS), and the volunteer must be active, insured, under their client limit, serve the client region and share a language.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  proposeMatch(
    @Args('input') input: ProposeMatchInput,
    @Ctx() context: RequestContext,
  ): Promise<MatchPayloadShape> {
    return this.commandBus.execute(new ProposeMatchCommand(input, context));
  }
}
