import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { VolunteerCommandRunner } from '../../volunteer-command-runner';
import { ActivateVolunteerCommand } from './activate-volunteer.command';
import type { ActivateVolunteerPayload } from './activate-volunteer.payload';

@CommandHandler(ActivateVolunteerCommand)
export class ActivateVolunteerHandler implements ICommandHandler<ActivateVolunteerCommand> {
  constructor(private readonly runner: VolunteerCommandRunner) {}

  execute({ input, context }: ActivateVolunteerCommand): Promise<ActivateVolunteerPayload> {
    return this.runner.onExisting(
      'ActivateVolunteer',
      context,
      input.volunteerId,
      input.commandId,
      (base) => ({
        type: 'ActivateVolunteer',
        data: { ...base },
      }),
    );
  }
}
