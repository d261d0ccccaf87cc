import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MatchCommandRunner, type MatchPayloadShape } from '../../shared/match-command-runner';
import { PauseMatchCommand } from './pause-match.command';

@CommandHandler(PauseMatchCommand)
export class PauseMatchHandler implements ICommandHandler<PauseMatchCommand, MatchPayloadShape> {
  constructor(private readonly runner: MatchCommandRunner) {}

  async execute({ input, context }: PauseMatchCommand): Promise<MatchPayloadShape> {
    const commandId = this.runner.gateway.commandId(input.commandId);
    const { payload } = await this.runner.run('PauseMatch', context, input.matchId, commandId, (now) => ({
      type: 'PauseMatch',
      data: { matchId: input.matchId, reasonCode: input.reasonCode, now },
    }));
    return payload;
  }
}
