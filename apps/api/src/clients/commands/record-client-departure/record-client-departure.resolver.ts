import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { RecordClientDepartureCommand } from './record-client-departure.command';
import { RecordClientDepartureInput } from './record-client-departure.input';
import { RecordClientDeparturePayload } from './record-client-departure.payload';

@Resolver()
export class RecordClientDepartureResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => RecordClientDeparturePayload)
  @Roles('COORDINATOR', 'ADMIN')
  recordClientDeparture(
    @Args('input') input: RecordClientDepartureInput,
    @Ctx() context: RequestContext,
  ): Promise<RecordClientDeparturePayload> {
    return this.commandBus.execute(new RecordClientDepartureCommand(input, context));
  }
}
