import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { VolunteerCommandRunner } from '../../volunteer-command-runner';
import { StartVolunteerTrainingCommand } from './start-volunteer-training.command';
import type { StartVolunteerTrainingPayload } from './start-volunteer-training.payload';

@CommandHandler(StartVolunteerTrainingCommand)
export class StartVolunteerTrainingHandler implements ICommandHandler<StartVolunteerTrainingCommand> {
  constructor(private readonly runner: VolunteerCommandRunner) {}

  execute({ input, context }: StartVolunteerTrainingCommand): Promise<StartVolunteerTrainingPayload> {
    return this.runner.onExisting(
      'StartVolunteerTraining',
      context,
      input.volunteerId,
      input.commandId,
      (base) => ({
        type: 'StartVolunteerTraining',
        data: { ...base },
      }),
    );
  }
}
