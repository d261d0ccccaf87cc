import { Field, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsEmail,
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { ClientNeedEnum, RegionEnum } from '../../../shared/enums';
import { DateScalar } from '../../../shared/scalars';
import {
  COUNTRY_CODE,
  IsContactAddress,
  IsRecordKey,
  LANGUAGE_CODE,
  PHONE_NUMBER,
} from '../client-command.support';
import {
  EARLIEST_DATE_OF_BIRTH,
  HasNoControlCharacters,
  IsDateNotBefore,
  IsNotBlank,
} from '../../../shared/validation';

@InputType()
export class RegisterClientInput {
  @Field(() => String, { nullable: true, description: 'Idempotency key: re-sending returns the same client' })
  @IsOptional()
  @IsRecordKey()
  commandId?: string | null;

  @Field()
  @IsString()
  @IsNotEmpty()
  @HasNoControlCharacters()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(PHONE_NUMBER, { message: 'phone must be a phone number' })
  phone?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where the client lives, e.g. an accommodation centre. Every contact detail is optional.',
  })
  @IsContactAddress()
  address?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsDateNotBefore(EARLIEST_DATE_OF_BIRTH)
  @IsString()
  dateOfBirth?: string | null;

  @Field({ description: 'ISO 3166-1 alpha-2, e.g. UA' })
  @Matches(COUNTRY_CODE, { message: 'countryOfOrigin must be an ISO 3166-1 alpha-2 code' })
  countryOfOrigin!: string;

  @Field(() => [String], { description: 'ISO 639-1 codes' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @Matches(LANGUAGE_CODE, { each: true, message: 'languages must be ISO 639-1 codes' })
  languages!: string[];

  @Field(() => RegionEnum)
  @IsEnum(RegionEnum)
  region!: RegionEnum;

  @Field(() => [ClientNeedEnum])
  @IsArray()
  @IsEnum(ClientNeedEnum, { each: true })
  needs!: ClientNeedEnum[];
}
