import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { EraseClientPersonalDataCommand } from './erase-client-personal-data.command';
import { EraseClientPersonalDataInput } from './erase-client-personal-data.input';
import { EraseClientPersonalDataPayload } from './erase-client-personal-data.payload';

@Resolver()
export class EraseClientPersonalDataResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => EraseClientPersonalDataPayload)
  @Roles('ADMIN')
  eraseClientPersonalData(
    @Args('input') input: EraseClientPersonalDataInput,
    @Ctx() context: RequestContext,
  ): Promise<EraseClientPersonalDataPayload> {
    return this.commandBus.execute(new EraseClientPersonalDataCommand(input, context));
  }
}
