import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MatchCommandRunner, type MatchPayloadShape } from '../../shared/match-command-runner';
import { DeclineMeetingCommand } from './decline-meeting.command';

@CommandHandler(DeclineMeetingCommand)
export class DeclineMeetingHandler implements ICommandHandler<DeclineMeetingCommand, MatchPayloadShape> {
  constructor(private readonly runner: MatchCommandRunner) {}

  async execute({ input, context }: DeclineMeetingCommand): Promise<MatchPayloadShape> {
    const commandId = this.runner.gateway.commandId(input.commandId);
    const { payload } = await this.runner.run(
      'DeclineMeeting',
      context,
      input.matchId,
      commandId,
      (now, principal) => ({
        type: 'DeclineMeeting',
        data: {
          matchId: input.matchId,
          meetingId: input.meetingId,
          by: principal.subject,
          ...(input.reasonCode ? { reasonCode: input.reasonCode } : {}),
          now,
        },
      }),
    );
    return payload;
  }
}
