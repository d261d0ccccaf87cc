import { Field, ID, InputType } from '@nestjs/graphql';
import { IsString, IsUUID } from 'class-validator';
import { ReasonCodeRules } from '../../../shared/reason-code';
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
  @ReasonCodeRules()
  reasonCode!: string;

  @Field(() => DateScalar)
  @IsString()
  leftOn!: string;
}
