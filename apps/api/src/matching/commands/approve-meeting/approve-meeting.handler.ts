import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MatchCommandRunner, type MatchPayloadShape } from '../../shared/match-command-runner';
import { ApproveMeetingCommand } from './approve-meeting.command';

@CommandHandler(ApproveMeetingCommand)
export class ApproveMeetingHandler implements ICommandHandler<ApproveMeetingCommand, MatchPayloadShape> {
  constructor(private readonly runner: MatchCommandRunner) {}

  async execute({ input, context }: ApproveMeetingCommand): Promise<MatchPayloadShape> {
    const commandId = this.runner.gateway.commandId(input.commandId);
    const { payload } = await this.runner.run(
      'ApproveMeeting',
      context,
      input.matchId,
      commandId,
      (now, principal) => ({
        type: 'ApproveMeeting',
        data: { matchId: input.matchId, meetingId: input.meetingId, by: principal.subject, now },
      }),
    );
    return payload;
  }
}
