import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { VolunteerCommandRunner } from '../../volunteer-command-runner';
import { ResumeVolunteerCommand } from './resume-volunteer.command';
import type { ResumeVolunteerPayload } from './resume-volunteer.payload';

@CommandHandler(ResumeVolunteerCommand)
export class ResumeVolunteerHandler implements ICommandHandler<ResumeVolunteerCommand> {
  constructor(private readonly runner: VolunteerCommandRunner) {}

  execute({ input, context }: ResumeVolunteerCommand): Promise<ResumeVolunteerPayload> {
    return this.runner.onExisting('ResumeVolunteer', context, input.volunteerId, input.commandId, (base) => ({
      type: 'ResumeVolunteer',
      data: { ...base, reasonCode: input.reasonCode },
    }));
  }
}
