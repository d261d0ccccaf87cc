import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { CommandIdRules, IdRules, ReasonCodeRules } from '../../shared/input-rules';

@InputType()
export class DeclineMeetingInput {
  @Field(() => ID)
  @IdRules()
  matchId!: string;

  @Field(() => ID)
  @IdRules()
  meetingId!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @ReasonCodeRules()
  reasonCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Idempotency key.' })
  @CommandIdRules()
  commandId?: string | null;
}
