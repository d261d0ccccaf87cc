import { CommandBus } from '@nestjs/cqrs';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { DiscloseMatchContactCommand } from './disclose-match-contact.command';
import { DiscloseMatchContactInput } from './disclose-match-contact.input';
import { DiscloseMatchContactPayload } from './disclose-match-contact.payload';

@Resolver()
export class DiscloseMatchContactResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => DiscloseMatchContactPayload, {
    description:
      "Discloses the client's contact to the volunteer of an active or paused match whose acceptance recorded a refusal, once a consent covers it (else records the refusal again): the match's contactDisclosure then shows the outcome. MATCH.NOT_ACTIVE for a match not started or closed, MATCH.CONTACT_ALREADY_DISCLOSED once disclosed.",
  })
  @Roles('COORDINATOR', 'ADMIN')
  discloseMatchContact(
    @Args('input') input: DiscloseMatchContactInput,
    @Ctx() context: RequestContext,
  ): Promise<DiscloseMatchContactPayload> {
    return this.commandBus.execute(new DiscloseMatchContactCommand(input, context));
  }
}
