import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MatchCommandRunner, type MatchPayloadShape } from '../../shared/match-command-runner';
import { DeclineMatchCommand } from './decline-match.command';

@CommandHandler(DeclineMatchCommand)
export class DeclineMatchHandler implements ICommandHandler<DeclineMatchCommand, MatchPayloadShape> {
  constructor(private readonly runner: MatchCommandRunner) {}

  async execute({ input, context }: DeclineMatchCommand): Promise<MatchPayloadShape> {
    const commandId = this.runner.gateway.commandId(input.commandId);
    const { payload } = await this.runner.run('DeclineMatch', context, input.matchId, commandId, (now) => ({
      type: 'DeclineMatch',
      data: { matchId: input.matchId, by: input.by, reasonCode: input.reasonCode, now },
    }));
    return payload;
  }
}
