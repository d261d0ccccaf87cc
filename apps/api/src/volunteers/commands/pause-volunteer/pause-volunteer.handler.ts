import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { VolunteerCommandRunner } from '../../volunteer-command-runner';
import { PauseVolunteerCommand } from './pause-volunteer.command';
import type { PauseVolunteerPayload } from './pause-volunteer.payload';

@CommandHandler(PauseVolunteerCommand)
export class PauseVolunteerHandler implements ICommandHandler<PauseVolunteerCommand> {
  constructor(private readonly runner: VolunteerCommandRunner) {}

  execute({ input, context }: PauseVolunteerCommand): Promise<PauseVolunteerPayload> {
    return this.runner.onExisting('PauseVolunteer', context, input.volunteerId, input.commandId, (base) => ({
      type: 'PauseVolunteer',
      data: { ...base, reasonCode: input.reasonCode },
    }));
  }
}
