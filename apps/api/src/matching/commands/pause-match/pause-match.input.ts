import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandIdRules, IdRules, ReasonCodeRules } from '../../shared/input-rules';

@InputType()
export class PauseMatchInput {
  @Field(() => ID)
  @IdRules()
  matchId!: string;

  @Field()
  @ReasonCodeRules()
  reasonCode!: string;

  @Field(() => String, { nullable: true, description: 'Idempotency key.' })
  @CommandIdRules()
  commandId?: string | null;
}
