import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { MatchPayloadShape } from '../../shared/match-command-runner';
import { EndMatchCommand } from './end-match.command';
import { EndMatchInput } from './end-match.input';
import { EndMatchPayload } from './end-match.payload';

@Resolver()
export class EndMatchResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => EndMatchPayload, {
    description: "Ends a match (a match only proposed is declined on the coordinator's behalf).",
  })
  @Roles('COORDINATOR', 'ADMIN')
  endMatch(@Args('input') input: EndMatchInput, @Ctx() context: RequestContext): Promise<MatchPayloadShape> {
    return this.commandBus.execute(new EndMatchCommand(input, context));
  }
}
