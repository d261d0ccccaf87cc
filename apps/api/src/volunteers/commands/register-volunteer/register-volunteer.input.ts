import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsEmail,
  IsEnum,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IdempotencyKey } from '../../../shared/idempotency-key';
import { ClientNeedEnum, RegionEnum } from '../../../shared/enums';
import { DateScalar } from '../../../shared/scalars';
import { DayPartEnum, WeekdayEnum } from '../../volunteer.enums';
import { LANGUAGE_CODE } from '../../volunteer-input.rules';
import {
  EARLIEST_DATE_OF_BIRTH,
  HasNoControlCharacters,
  IsDateNotBefore,
  IsNotBlank,
} from '../../../shared/validation';

@InputType()
export class AvailabilitySlotInput {
  @Field(() => WeekdayEnum)
  @IsEnum(WeekdayEnum)
  day!: WeekdayEnum;

  @Field(() => DayPartEnum)
  @IsEnum(DayPartEnum)
  part!: DayPartEnum;
}

@InputType()
export class RegisterVolunteerInput {
  @IdempotencyKey()
  commandId?: string | null;

  @Field({ description: '🔒 Personal data.' })
  @IsString()
  @IsNotEmpty()
  @HasNoControlCharacters()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @Field({ description: '🔒 Personal data.' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field({ description: '🔒 Personal data.' })
  @IsString()
  @IsNotBlank()
  @Matches(/^\+?[0-9 ()-]{6,30}$/, { message: 'phone must be a phone number' })
  phone!: string;

  @Field(() => DateScalar, { description: '🔒 Personal data. Volunteers are at least 15 at registration.' })
  @IsDateNotBefore(EARLIEST_DATE_OF_BIRTH)
  @IsString()
  dateOfBirth!: string;

  @Field(() => [String], { description: 'ISO 639-1 codes, e.g. cs, uk.' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @Matches(LANGUAGE_CODE, { each: true, message: 'languages must be two-letter ISO 639-1 codes' })
  languages!: string[];

  @Field(() => [RegionEnum])
  @IsArray()
  @ArrayNotEmpty()
  @IsEnum(RegionEnum, { each: true })
  regions!: RegionEnum[];

  @Field(() => [AvailabilitySlotInput])
  @IsArray()
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  @Type(() => AvailabilitySlotInput)
  availability!: AvailabilitySlotInput[];

  @Field(() => [ClientNeedEnum], { description: 'What the volunteer would like to help with.' })
  @IsArray()
  @IsEnum(ClientNeedEnum, { each: true })
  interests!: ClientNeedEnum[];
}
