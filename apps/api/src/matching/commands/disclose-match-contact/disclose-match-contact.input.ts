import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandIdRules, IdRules } from '../../shared/input-rules';

@InputType()
export class DiscloseMatchContactInput {
  @Field(() => ID)
  @IdRules()
  matchId!: string;

  @Field(() => String, { nullable: true, description: 'Idempotency key' })
  @CommandIdRules()
  commandId?: string | null;
}
