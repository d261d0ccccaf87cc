import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { ArrangeInsuranceCommand } from './arrange-insurance.command';
import { ArrangeInsuranceInput } from './arrange-insurance.input';
import { ArrangeInsurancePayload } from './arrange-insurance.payload';

@Resolver()
export class ArrangeInsuranceResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => ArrangeInsurancePayload, {
    description: 'Records an insurance policy covering the volunteer from one day to another.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  arrangeInsurance(
    @Args('input') input: ArrangeInsuranceInput,
    @Ctx() context: RequestContext,
  ): Promise<ArrangeInsurancePayload> {
    return this.commandBus.execute(new ArrangeInsuranceCommand(input, context));
  }
}
