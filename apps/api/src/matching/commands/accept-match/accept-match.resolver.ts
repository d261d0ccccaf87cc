import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { MatchPayloadShape } from '../../shared/match-command-runner';
import { AcceptMatchCommand } from './accept-match.command';
import { AcceptMatchInput } from './accept-match.input';
import { AcceptMatchPayload } from './accept-match.payload';

@Resolver()
export class AcceptMatchResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => AcceptMatchPayload, {
    description:
      "Accepts a proposed match, then discloses the client's contact to the volunteer on the client's stream if a consent covers it (else records the refusal). Refused before anything is recorded when the client has left the program (CLIENT.DEPARTED) or their personal data was erased (CLIENT.ERASED), or while another match of the same volunteer and client is active or paused (MATCH.ALREADY_EXISTS); and when the volunteer is no longer active (VOLUNTEER.NOT_ACTIVE), not insured that day (VOLUNTEER.NOT_INSURED) or already guiding as many clients as the limit allows (VOLUNTEER.CLIENT_LIMIT_REACHED).",
  })
  @Roles('COORDINATOR', 'ADMIN')
  acceptMatch(
    @Args('input') input: AcceptMatchInput,
    @Ctx() context: RequestContext,
  ): Promise<MatchPayloadShape> {
    return this.commandBus.execute(new AcceptMatchCommand(input, context));
  }
}
