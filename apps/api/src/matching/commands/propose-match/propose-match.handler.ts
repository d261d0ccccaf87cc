import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { matchDecider, matchStreamId } from '@app/domain';
import type { AppConfig } from '@app/platform';
import { notFound } from '../../../platform/commands/command-errors';
import { APP_CONFIG } from '../../../platform/tokens';
import { assertVisible } from '../../../shared/regions';
import { MatchCommandRunner, principalOf, type MatchPayloadShape } from '../../shared/match-command-runner';
import { MATCH_READ_MODELS } from '../../shared/match-reader';
import { PartyFacts } from '../../shared/party-facts';
import { ProposeMatchCommand } from './propose-match.command';

@CommandHandler(ProposeMatchCommand)
export class ProposeMatchHandler implements ICommandHandler<ProposeMatchCommand, MatchPayloadShape> {
  constructor(
    private readonly runner: MatchCommandRunner,
    private readonly facts: PartyFacts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ input, context }: ProposeMatchCommand): Promise<MatchPayloadShape> {
    const principal = principalOf(context);
    const { gateway, reader } = this.runner;
    const commandId = gateway.commandId(input.commandId);
    const matchId = gateway.newEntityId('ProposeMatch', commandId);

    const client = assertVisible(principal, await this.facts.client(input.clientId), 'Client');
    // A volunteer serving none of the caller's regions is as invisible as one that does not exist.
    const volunteer = await this.facts.volunteer(input.volunteerId);
    if (volunteer === null) throw notFound('Volunteer');
    assertVisible(principal, volunteer, 'Volunteer');
    // Counted from the matches read model: a proposal racing an acceptance of the same volunteer may miss it,
    // and two concurrent proposals of the same pair may both pass, neither yet in the read model the other reads.
    const [currentMatchCount, openMatchesWithClient] = await Promise.all([
      reader.openMatchCounts([input.volunteerId]).then((counts) => counts.get(input.volunteerId) ?? 0),
      reader
        .pairOpenMatchCounts(input.clientId, [input.volunteerId])
        .then((counts) => counts.get(input.volunteerId) ?? 0),
    ]);

    const result = await gateway.execute({
      name: 'ProposeMatch',
      streamId: matchStreamId(matchId),
      decider: matchDecider,
      command: {
        type: 'ProposeMatch',
        data: {
          matchId,
          volunteerId: input.volunteerId,
          clientId: input.clientId,
          proposedBy: principal.subject,
          rationale: input.rationale,
          volunteer: {
            status: volunteer.status,
            insurance: volunteer.insurance,
            regions: volunteer.regions,
            languages: volunteer.languages,
            currentMatchCount,
            openMatchesWithClient,
          },
          client: {
            region: client.region,
            languages: client.languages,
            departed: client.departed,
            erased: client.erased,
          },
          clientLimit: this.config.volunteerClientLimit,
          now: gateway.now(),
        },
      },
      context,
      commandId,
      readModels: MATCH_READ_MODELS,
    });
    return this.runner.payload(principal, matchId, result.position);
  }
}
