import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { IDEMPOTENCY_KEY_DESCRIPTION, REASON_CODE } from '../../volunteer-input.rules';

@InputType()
export class ResumeVolunteerInput {
  @Field(() => ID, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
  @IsOptional()
  @IsUUID()
  commandId?: string;

  @Field(() => ID)
  @IsUUID()
  volunteerId!: string;

  @Field({ description: 'An UPPER_SNAKE_CASE reason code (never free text).' })
  @Matches(REASON_CODE, { message: 'reasonCode must be an UPPER_SNAKE_CASE code' })
  @MaxLength(64)
  reasonCode!: string;
}
