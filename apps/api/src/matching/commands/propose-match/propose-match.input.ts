import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum } from 'class-validator';
import { MatchCriterionEnum } from '../../shared/matching.enums';
import { CommandIdRules, IdRules } from '../../shared/input-rules';

@InputType()
export class ProposeMatchInput {
  @Field(() => ID)
  @IdRules()
  volunteerId!: string;

  @Field(() => ID)
  @IdRules()
  clientId!: string;

  @Field(() => [MatchCriterionEnum], {
    description: 'Why this pair, as criteria codes (see matchSuggestions).',
  })
  @IsArray()
  @ArrayMaxSize(5)
  @IsEnum(MatchCriterionEnum, { each: true })
  rationale!: MatchCriterionEnum[];

  @Field(() => String, { nullable: true, description: 'Idempotency key.' })
  @CommandIdRules()
  commandId?: string | null;
}
