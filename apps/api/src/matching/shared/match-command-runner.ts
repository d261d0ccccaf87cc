import { Injectable } from '@nestjs/common';
import { matchDecider, matchStreamId, type MatchCommand } from '@app/domain';
import type { Principal } from '@app/platform';
import type { RequestContext } from '../../platform/auth/request-context';
import { CommandGateway, type CommandResult } from '../../platform/commands/command-gateway';
import { toMatchModel, type MatchModel } from './match.model';
import { MATCH_READ_MODELS, MatchReader } from './match-reader';

export interface MatchPayloadShape {
  match: MatchModel;
  position: string;
}

export const principalOf = (context: RequestContext): Principal => {
  // The AuthGuard admits only authenticated callers to mutations; this narrows the type.
  if (context.principal === null) throw new Error('authenticated principal required');
  return context.principal;
};

/**
 * The shared write path of the commands on an existing match: region check on the read model (outside the
 * caller's regions reads as NOT_FOUND), the decider on the match stream, then the match read back.
 */
@Injectable()
export class MatchCommandRunner {
  constructor(
    readonly gateway: CommandGateway,
    readonly reader: MatchReader,
  ) {}

  async run(
    name: string,
    context: RequestContext,
    matchId: string,
    commandId: string,
    build: (now: string, principal: Principal) => MatchCommand,
  ): Promise<{ result: CommandResult<unknown>; payload: MatchPayloadShape }> {
    const principal = principalOf(context);
    await this.reader.visibleMatch(principal, matchId);
    const result = await this.gateway.execute({
      name,
      streamId: matchStreamId(matchId),
      decider: matchDecider,
      command: build(this.gateway.now(), principal),
      context,
      commandId,
      readModels: MATCH_READ_MODELS,
    });
    return { result, payload: await this.payload(principal, matchId, result.position) };
  }

  async payload(principal: Principal, matchId: string, position: bigint): Promise<MatchPayloadShape> {
    const visible = await this.reader.visibleMatch(principal, matchId);
    return { match: toMatchModel(visible.document, visible.region), position: position.toString() };
  }
}
