import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { REASON_CODE } from '../../volunteer-input.rules';
import { DateScalar } from '../../../shared/scalars';
import { IdempotencyKey } from '../../../shared/idempotency-key';

@InputType()
export class RecordVolunteerLeftInput {
  @IdempotencyKey()
  commandId?: string | null;

  @Field(() => ID)
  @IsUUID()
  volunteerId!: string;

  @Field({ description: 'An UPPER_SNAKE_CASE reason code (never free text).' })
  @Matches(REASON_CODE, { message: 'reasonCode must be an UPPER_SNAKE_CASE code' })
  @MaxLength(64)
  reasonCode!: string;

  @Field(() => DateScalar)
  @IsString()
  leftOn!: string;
}
