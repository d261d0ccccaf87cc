import { Inject } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import {
  clientMatchingRejection,
  dateOf,
  suggestVolunteers,
  type Suggestion,
  type SuggestionCandidate,
} from '@app/domain';
import type { AppConfig } from '@app/platform';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { rejectionError } from '../../../platform/commands/command-errors';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { READ_SIDE, type ReadSide } from '../../../platform/read-side';
import { APP_CONFIG } from '../../../platform/tokens';
import { ClientNeedEnum } from '../../../shared/enums';
import { assertVisible } from '../../../shared/regions';
import { principalOf } from '../../shared/match-command-runner';
import { MatchCriterionEnum } from '../../shared/matching.enums';
import { MatchReader } from '../../shared/match-reader';
import { PartyFacts } from '../../shared/party-facts';
import { activeVolunteersServing } from './volunteer-candidates';
import { MatchSuggestionModel } from './match-suggestion.model';
import { REGION_SCAN_COST } from '../../../platform/graphql-limits';

const DEFAULT_SUGGESTIONS = 10;
const MAX_SUGGESTIONS = 50;

@Resolver()
export class MatchSuggestionsResolver {
  constructor(
    private readonly reader: MatchReader,
    private readonly facts: PartyFacts,
    private readonly gateway: CommandGateway,
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => [MatchSuggestionModel], {
    complexity: REGION_SCAN_COST,
    description:
      "Volunteers who could be proposed to the client, best first, each with why (the domain's ranking). A client who can be proposed to no one is an error with proposeMatch's code: CLIENT.DEPARTED once they have left the program, CLIENT.ERASED once their personal data is erased. Volunteers already in a proposed, active or paused match with the client are left out.",
  })
  @Roles('COORDINATOR', 'ADMIN')
  async matchSuggestions(
    @Args('clientId', { type: () => ID }) clientId: string,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Ctx() context: RequestContext,
  ): Promise<MatchSuggestionModel[]> {
    const limit = first ?? DEFAULT_SUGGESTIONS;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SUGGESTIONS) {
      throw new GraphQLError(`first: must be between 1 and ${MAX_SUGGESTIONS}`, {
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'first', message: `must be between 1 and ${MAX_SUGGESTIONS}` }],
        },
      });
    }
    const client = assertVisible(principalOf(context), await this.facts.client(clientId), 'Client');
    // As giveConsent and proposeMatch answer for such a client: the reason, rather than an empty list that
    // would read as "no volunteer fits yet".
    const refusal = clientMatchingRejection(client);
    if (refusal !== undefined) throw rejectionError(refusal);
    const today = dateOf(this.gateway.now());
    const volunteers = await activeVolunteersServing(this.readSide, client.region);
    const volunteerIds = volunteers.map((volunteer) => volunteer.volunteerId);
    const [loads, pairs] = await Promise.all([
      this.reader.openMatchCounts(volunteerIds),
      this.reader.pairOpenMatchCounts(clientId, volunteerIds),
    ]);
    const candidates: SuggestionCandidate[] = volunteers.map((volunteer) => ({
      volunteerId: volunteer.volunteerId,
      active: volunteer.status === 'ACTIVE',
      insured: volunteer.insurance.some((policy) => policy.from <= today && today <= policy.to),
      regions: volunteer.regions,
      languages: volunteer.languages,
      interests: volunteer.interests,
      availability: volunteer.availability,
      currentMatchCount: loads.get(volunteer.volunteerId) ?? 0,
      openMatchesWithClient: pairs.get(volunteer.volunteerId) ?? 0,
    })) as SuggestionCandidate[];
    return suggestVolunteers(client, candidates, {
      limit,
      clientLimit: this.config.volunteerClientLimit,
    }).map(toModel);
  }
}

function toModel(suggestion: Suggestion): MatchSuggestionModel {
  const { explanation } = suggestion;
  const matched: MatchCriterionEnum[] = [];
  if (explanation.region) matched.push(MatchCriterionEnum.REGION);
  if (explanation.sharedLanguages.length > 0) matched.push(MatchCriterionEnum.LANGUAGE);
  if (explanation.needsMet.length > 0) matched.push(MatchCriterionEnum.NEEDS);
  if (explanation.availabilityOverlap.length > 0) matched.push(MatchCriterionEnum.AVAILABILITY);
  if (explanation.freeCapacity > 0) matched.push(MatchCriterionEnum.LOAD);
  return {
    volunteerId: suggestion.volunteerId,
    score: suggestion.score,
    explanation: {
      region: explanation.region,
      sharedLanguages: [...explanation.sharedLanguages],
      needsMet: explanation.needsMet as ClientNeedEnum[],
      availabilityOverlap: explanation.availabilityOverlap.map((slot) => ({
        day: slot.day,
        part: slot.part,
      })),
      freeCapacity: explanation.freeCapacity,
      matchedCriteria: matched,
    },
  };
}
