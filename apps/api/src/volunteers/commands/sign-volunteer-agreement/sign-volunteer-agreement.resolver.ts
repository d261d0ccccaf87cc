import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { SignVolunteerAgreementCommand } from './sign-volunteer-agreement.command';
import { SignVolunteerAgreementInput } from './sign-volunteer-agreement.input';
import { SignVolunteerAgreementPayload } from './sign-volunteer-agreement.payload';

@Resolver()
export class SignVolunteerAgreementResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => SignVolunteerAgreementPayload, {
    description: 'Records a signed volunteer agreement (a gate of activation).',
  })
  @Roles('COORDINATOR', 'ADMIN')
  signVolunteerAgreement(
    @Args('input') input: SignVolunteerAgreementInput,
    @Ctx() context: RequestContext,
  ): Promise<SignVolunteerAgreementPayload> {
    return this.commandBus.execute(new SignVolunteerAgreementCommand(input, context));
  }
}
