import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ClientNeedEnum } from '../../../shared/enums';
import { MatchCriterionEnum } from '../../shared/matching.enums';

@ObjectType('MatchSuggestionSlot')
export class MatchSuggestionSlotModel {
  @Field({ description: 'Weekday, e.g. MONDAY.' })
  day!: string;

  @Field({ description: 'Part of the day: MORNING, AFTERNOON or EVENING.' })
  part!: string;
}

@ObjectType('MatchSuggestionExplanation', { description: 'Which criteria matched, and what matched.' })
export class MatchSuggestionExplanationModel {
  @Field({ description: 'The volunteer serves the client region.' })
  region!: boolean;

  @Field(() => [String], { description: 'Languages both speak (ISO 639-1).' })
  sharedLanguages!: string[];

  @Field(() => [ClientNeedEnum], { description: "The client's needs among the volunteer's interests." })
  needsMet!: ClientNeedEnum[];

  @Field(() => [MatchSuggestionSlotModel], { description: 'Times both are available.' })
  availabilityOverlap!: MatchSuggestionSlotModel[];

  @Field(() => Int, { description: "Places left under the volunteer's client limit (load)." })
  freeCapacity!: number;

  @Field(() => [MatchCriterionEnum], {
    description: 'The criteria that matched: usable as the rationale of proposeMatch.',
  })
  matchedCriteria!: MatchCriterionEnum[];
}

@ObjectType('MatchSuggestion')
export class MatchSuggestionModel {
  @Field(() => ID)
  volunteerId!: string;

  @Field(() => Int, {
    description: 'Higher ranks first: needs met, then shared availability, languages, free places.',
  })
  score!: number;

  @Field(() => MatchSuggestionExplanationModel)
  explanation!: MatchSuggestionExplanationModel;
}
