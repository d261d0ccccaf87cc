import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MatchCommandRunner, type MatchPayloadShape } from '../../shared/match-command-runner';
import { EndMatchCommand } from './end-match.command';

@CommandHandler(EndMatchCommand)
export class EndMatchHandler implements ICommandHandler<EndMatchCommand, MatchPayloadShape> {
  constructor(private readonly runner: MatchCommandRunner) {}

  async execute({ input, context }: EndMatchCommand): Promise<MatchPayloadShape> {
    const commandId = this.runner.gateway.commandId(input.commandId);
    const { payload } = await this.runner.run('EndMatch', context, input.matchId, commandId, (now) => ({
      type: 'EndMatch',
      data: {
        matchId: input.matchId,
        reasonCode: input.reasonCode,
        ...(input.endedOn ? { endedOn: input.endedOn } : {}),
        now,
      },
    }));
    return payload;
  }
}
