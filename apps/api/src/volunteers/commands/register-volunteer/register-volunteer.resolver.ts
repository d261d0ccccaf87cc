import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { RegisterVolunteerCommand } from './register-volunteer.command';
import { RegisterVolunteerInput } from './register-volunteer.input';
import { RegisterVolunteerPayload } from './register-volunteer.payload';

@Resolver()
export class RegisterVolunteerResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => RegisterVolunteerPayload, {
    description: 'Registers an applicant volunteer; a coordinator registers only in their own regions.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  registerVolunteer(
    @Args('input') input: RegisterVolunteerInput,
    @Ctx() context: RequestContext,
  ): Promise<RegisterVolunteerPayload> {
    return this.commandBus.execute(new RegisterVolunteerCommand(input, context));
  }
}
