import { Field, ID, InputType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { IdempotencyKey } from '../../../shared/idempotency-key';

@InputType()
export class ActivateVolunteerInput {
  @IdempotencyKey()
  commandId?: string | null;

  @Field(() => ID)
  @IsUUID()
  volunteerId!: string;
}
