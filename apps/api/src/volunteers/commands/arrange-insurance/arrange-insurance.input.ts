import { Field, ID, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { DateScalar } from '../../../shared/scalars';
import { IsNotBlank } from '../../../shared/validation';
import { IdempotencyKey } from '../../../shared/idempotency-key';

@InputType()
export class ArrangeInsuranceInput {
  @IdempotencyKey()
  commandId?: string | null;

  @Field(() => ID)
  @IsUUID()
  volunteerId!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxLength(100)
  policyRef!: string;

  @Field(() => DateScalar)
  @IsString()
  from!: string;

  @Field(() => DateScalar)
  @IsString()
  to!: string;
}
