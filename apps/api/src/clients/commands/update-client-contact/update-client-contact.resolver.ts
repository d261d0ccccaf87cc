import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { UpdateClientContactCommand } from './update-client-contact.command';
import { UpdateClientContactInput } from './update-client-contact.input';
import { UpdateClientContactPayload } from './update-client-contact.payload';

@Resolver()
export class UpdateClientContactResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => UpdateClientContactPayload)
  @Roles('COORDINATOR', 'ADMIN')
  updateClientContact(
    @Args('input') input: UpdateClientContactInput,
    @Ctx() context: RequestContext,
  ): Promise<UpdateClientContactPayload> {
    return this.commandBus.execute(new UpdateClientContactCommand(input, context));
  }
}
