import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_PAGE_SIZE } from '../../../shared/connection';
import { ClientNeedEnum, RegionEnum } from '../../../shared/enums';
import { VolunteerStatusEnum } from '../../volunteer.enums';
import { LANGUAGE_CODE } from '../../volunteer-input.rules';

@InputType()
export class VolunteerFilterInput {
  @Field(() => RegionEnum, { nullable: true })
  @IsOptional()
  @IsEnum(RegionEnum)
  region?: RegionEnum | null;

  @Field(() => VolunteerStatusEnum, { nullable: true })
  @IsOptional()
  @IsEnum(VolunteerStatusEnum)
  status?: VolunteerStatusEnum | null;

  @Field(() => String, { nullable: true, description: 'An ISO 639-1 code the volunteer speaks.' })
  @IsOptional()
  @Matches(LANGUAGE_CODE, { message: 'language must be a two-letter ISO 639-1 code' })
  language?: string | null;

  @Field(() => ClientNeedEnum, { nullable: true })
  @IsOptional()
  @IsEnum(ClientNeedEnum)
  interest?: ClientNeedEnum | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive start of the name.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  namePrefix?: string | null;
}

@ArgsType()
export class VolunteersArgs {
  @Field(() => VolunteerFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => VolunteerFilterInput)
  filter?: VolunteerFilterInput | null;

  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  after?: string | null;
}
