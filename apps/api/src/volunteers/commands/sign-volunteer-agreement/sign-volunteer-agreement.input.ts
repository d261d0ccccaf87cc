import { Field, ID, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DateScalar } from '../../../shared/scalars';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../volunteer-input.rules';
import { IsNotBlank } from '../../../shared/validation';

@InputType()
export class SignVolunteerAgreementInput {
  @Field(() => ID, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
  @IsOptional()
  @IsUUID()
  commandId?: string;

  @Field(() => ID)
  @IsUUID()
  volunteerId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The agreement document’s reference; derived from the commandId when omitted.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxLength(100)
  agreementId?: string | null;

  @Field(() => DateScalar)
  @IsString()
  signedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Omitted for an open-ended agreement.' })
  @IsOptional()
  @IsString()
  validUntil?: string | null;
}
