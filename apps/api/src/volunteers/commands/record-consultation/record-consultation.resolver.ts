import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { RecordConsultationCommand } from './record-consultation.command';
import { RecordConsultationInput } from './record-consultation.input';
import { RecordConsultationPayload } from './record-consultation.payload';

@Resolver()
export class RecordConsultationResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation(() => RecordConsultationPayload, {
    description:
      'Records a consultation with a coordinator, Czech teacher or social worker; notes are personal data.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  recordConsultation(
    @Args('input') input: RecordConsultationInput,
    @Ctx() context: RequestContext,
  ): Promise<RecordConsultationPayload> {
    return this.commandBus.execute(new RecordConsultationCommand(input, context));
  }
}
