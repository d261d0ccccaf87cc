import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandIdRules, IdRules } from '../../shared/input-rules';

@InputType()
export class ApproveMeetingInput {
  @Field(() => ID)
  @IdRules()
  matchId!: string;

  @Field(() => ID)
  @IdRules()
  meetingId!: string;

  @Field(() => String, { nullable: true, description: 'Idempotency key.' })
  @CommandIdRules()
  commandId?: string | null;
}
