import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandIdRules, IdRules } from '../../shared/input-rules';

@InputType()
export class AcceptMatchInput {
  @Field(() => ID)
  @IdRules()
  matchId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Idempotency key; the contact disclosure that follows derives its own key from it.',
  })
  @CommandIdRules()
  commandId?: string | null;
}
