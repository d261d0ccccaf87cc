import { Field, ID, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../../shared/validation';
import { IdempotencyKey } from '../../../shared/idempotency-key';

@InputType()
export class RecordGuideHandedOutInput {
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
  edition!: string;
}
