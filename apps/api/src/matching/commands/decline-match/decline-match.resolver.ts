import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { MatchPayloadShape } from '../../shared/match-command-runner';
import { DeclineMatchCommand } from './decline-match.command';
import { DeclineMatchInput } from './decline-match.input';
import { DeclineMatchPayload } from './decline-match.payload';

@Resolver()
export class DeclineMatchResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => DeclineMatchPayload, {
    description: 'Declines a PROPOSED match on behalf of the party who declined it.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  declineMatch(
    @Args('input') input: DeclineMatchInput,
    @Ctx() context: RequestContext,
  ): Promise<MatchPayloadShape> {
    return this.commandBus.execute(new DeclineMatchCommand(input, context));
  }
}
