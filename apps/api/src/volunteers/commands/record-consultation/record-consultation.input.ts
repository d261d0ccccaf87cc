import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DateScalar } from '../../../shared/scalars';
import { ConsultantEnum } from '../../volunteer.enums';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../volunteer-input.rules';

@InputType()
export class RecordConsultationInput {
  @Field(() => ID, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
  @IsOptional()
  @IsUUID()
  commandId?: string;

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
  @MaxLength(4000)
  notes?: string | null;
}
