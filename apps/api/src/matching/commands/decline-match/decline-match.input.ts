import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import { DecliningPartyEnum } from '../../shared/matching.enums';
import { CommandIdRules, IdRules, ReasonCodeRules } from '../../shared/input-rules';

@InputType()
export class DeclineMatchInput {
  @Field(() => ID)
  @IdRules()
  matchId!: string;

  @Field(() => DecliningPartyEnum)
  @IsEnum(DecliningPartyEnum)
  by!: DecliningPartyEnum;

  @Field()
  @ReasonCodeRules()
  reasonCode!: string;

  @Field(() => String, { nullable: true, description: 'Idempotency key.' })
  @CommandIdRules()
  commandId?: string | null;
}
