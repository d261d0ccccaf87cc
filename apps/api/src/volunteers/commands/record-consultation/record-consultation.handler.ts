import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { VolunteerCommandRunner } from '../../volunteer-command-runner';
import { RecordConsultationCommand } from './record-consultation.command';
import type { RecordConsultationPayload } from './record-consultation.payload';

@CommandHandler(RecordConsultationCommand)
export class RecordConsultationHandler implements ICommandHandler<RecordConsultationCommand> {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly runner: VolunteerCommandRunner,
  ) {}

  execute({ input, context }: RecordConsultationCommand): Promise<RecordConsultationPayload> {
    const commandId = this.gateway.commandId(input.commandId);
    return this.runner.onExisting('RecordConsultation', context, input.volunteerId, commandId, (base) => ({
      type: 'RecordConsultation',
      data: {
        ...base,
        consultationId: this.gateway.newEntityId('RecordConsultation', commandId),
        with: input.with,
        heldOn: input.heldOn,
        ...(input.matchId === undefined || input.matchId === null ? {} : { matchId: input.matchId }),
        ...(input.notes === undefined || input.notes === null ? {} : { notes: input.notes }),
      },
    }));
  }
}
