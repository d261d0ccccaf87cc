import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { MatchCommandRunner, type MatchPayloadShape } from '../../shared/match-command-runner';
import { ResumeMatchCommand } from './resume-match.command';

@CommandHandler(ResumeMatchCommand)
export class ResumeMatchHandler implements ICommandHandler<ResumeMatchCommand, MatchPayloadShape> {
  constructor(private readonly runner: MatchCommandRunner) {}

  async execute({ input, context }: ResumeMatchCommand): Promise<MatchPayloadShape> {
    const commandId = this.runner.gateway.commandId(input.commandId);
    const { payload } = await this.runner.run('ResumeMatch', context, input.matchId, commandId, (now) => ({
      type: 'ResumeMatch',
      data: { matchId: input.matchId, reasonCode: input.reasonCode, now },
    }));
    return payload;
  }
}
