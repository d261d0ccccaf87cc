import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { VolunteerCommandRunner } from '../../volunteer-command-runner';
import { RecordGuideHandedOutCommand } from './record-guide-handed-out.command';
import type { RecordGuideHandedOutPayload } from './record-guide-handed-out.payload';

@CommandHandler(RecordGuideHandedOutCommand)
export class RecordGuideHandedOutHandler implements ICommandHandler<RecordGuideHandedOutCommand> {
  constructor(private readonly runner: VolunteerCommandRunner) {}

  execute({ input, context }: RecordGuideHandedOutCommand): Promise<RecordGuideHandedOutPayload> {
    return this.runner.onExisting('HandOutGuide', context, input.volunteerId, input.commandId, (base) => ({
      type: 'HandOutGuide',
      data: { ...base, edition: input.edition },
    }));
  }
}
