import { Field, ID, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DateScalar } from '../../../shared/scalars';
import { IsNotBlank } from '../../../shared/validation';
import { IdempotencyKey } from '../../../shared/idempotency-key';

@InputType()
export class SignVolunteerAgreementInput {
  @IdempotencyKey()
  commandId?: string | null;

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
