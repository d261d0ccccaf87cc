import { Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PURPOSES } from '@app/domain';
import { ConsentMethodEnum, DataCategoryEnum, LawfulBasisEnum } from '../../../shared/enums';
import { DateScalar, DateTimeScalar } from '../../../shared/scalars';
import { IsRecordKey, LANGUAGE_CODE } from '../client-command.support';
import { IsNotBlank } from '../../../shared/validation';
import { PartyIdRules } from '../../../shared/party-id';

@InputType()
export class GiveConsentInput {
  @Field(() => String, {
    nullable: true,
    description: 'Idempotency key: re-sending returns the same consent',
  })
  @IsOptional()
  @IsRecordKey()
  commandId?: string | null;

  @Field(() => ID)
  @IsUUID()
  clientId!: string;

  @Field(() => [String], { description: `One or more of ${PURPOSES.join(', ')}` })
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(PURPOSES, { each: true })
  purposes!: string[];

  @Field(() => [DataCategoryEnum])
  @IsArray()
  @ArrayNotEmpty()
  @IsEnum(DataCategoryEnum, { each: true })
  dataCategories!: DataCategoryEnum[];

  @Field(() => [String], { description: 'Party ids, or the role ASSIGNED_VOLUNTEER' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @PartyIdRules('recipients', { each: true })
  recipients!: string[];

  @Field(() => LawfulBasisEnum, { description: 'Special categories (HEALTH, …) need EXPLICIT_CONSENT' })
  @IsEnum(LawfulBasisEnum)
  lawfulBasis!: LawfulBasisEnum;

  @Field(() => DateTimeScalar)
  @IsString()
  givenOn!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day in force (inclusive, to midnight in Prague)',
  })
  @IsOptional()
  @IsString()
  expiresOn?: string | null;

  @Field(() => ConsentMethodEnum)
  @IsEnum(ConsentMethodEnum)
  method!: ConsentMethodEnum;

  @Field({
    description: 'Where the evidence is kept (form number, file reference), never the evidence itself',
  })
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxLength(200)
  evidenceRef!: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxLength(50)
  noticeVersion!: string;

  @Field({ description: 'ISO 639-1 code of the language the notice was given in' })
  @Matches(LANGUAGE_CODE, { message: 'language must be an ISO 639-1 code' })
  language!: string;

  // No GraphQL default, which would tell an omitted field (false) from an explicit null; omitted, null and false
  // are one request to the fingerprint (ADR 18), so a re-send in any of the three forms replays.
  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether an interpreter was used; false when omitted',
  })
  @IsOptional()
  @IsBoolean()
  interpreterUsed?: boolean | null;
}
