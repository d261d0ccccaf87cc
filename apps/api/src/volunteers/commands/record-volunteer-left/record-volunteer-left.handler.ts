import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { VolunteerCommandRunner } from '../../volunteer-command-runner';
import { RecordVolunteerLeftCommand } from './record-volunteer-left.command';
import type { RecordVolunteerLeftPayload } from './record-volunteer-left.payload';

@CommandHandler(RecordVolunteerLeftCommand)
export class RecordVolunteerLeftHandler implements ICommandHandler<RecordVolunteerLeftCommand> {
  constructor(private readonly runner: VolunteerCommandRunner) {}

  execute({ input, context }: RecordVolunteerLeftCommand): Promise<RecordVolunteerLeftPayload> {
    return this.runner.onExisting(
      'RecordVolunteerLeaving',
      context,
      input.volunteerId,
      input.commandId,
      (base) => ({
        type: 'RecordVolunteerLeaving',
        data: { ...base, reasonCode: input.reasonCode, leftOn: input.leftOn },
      }),
    );
  }
}
