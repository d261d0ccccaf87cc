import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DateScalar } from '../../../shared/scalars';
import { ConsultantEnum } from '../../volunteer.enums';
import { IdempotencyKey } from '../../../shared/idempotency-key';
import { IsNotBlank } from '../../../shared/validation';

@InputType()
export class RecordConsultationInput {
  @IdempotencyKey()
  commandId?: string | null;

  @Field(() => ID)
  @IsUUID()
  volunteerId!: string;

  @Field(() => ConsultantEnum)
  @IsEnum(ConsultantEnum)
  with!: ConsultantEnum;

  @Field(() => DateScalar)
  @IsString()
  heldOn!: string;

  @Field(() => ID, { nullable: true, description: 'The match the consultation was about, if any.' })
  @IsOptional()
  @IsUUID()
  matchId?: string | null;

  @Field(() => String, { nullable: true, description: '🔒 Personal data.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxLength(4000)
  notes?: string | null;
}
