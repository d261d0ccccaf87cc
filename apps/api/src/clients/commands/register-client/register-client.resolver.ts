import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { RegisterClientCommand } from './register-client.command';
import { RegisterClientInput } from './register-client.input';
import { RegisterClientPayload } from './register-client.payload';

@Resolver()
export class RegisterClientResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => RegisterClientPayload)
  @Roles('COORDINATOR', 'ADMIN')
  registerClient(
    @Args('input') input: RegisterClientInput,
    @Ctx() context: RequestContext,
  ): Promise<RegisterClientPayload> {
    return this.commandBus.execute(new RegisterClientCommand(input, context));
  }
}
