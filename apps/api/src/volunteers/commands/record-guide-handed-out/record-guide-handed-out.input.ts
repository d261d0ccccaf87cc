import { Field, ID, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../volunteer-input.rules';

@InputType()
export class RecordGuideHandedOutInput {
  @Field(() => ID, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
  @IsOptional()
  @IsUUID()
  commandId?: string;

  @Field(() => ID)
  @IsUUID()
  volunteerId!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  edition!: string;
}
