import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PageArgs } from '../../../shared/connection';
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
export class VolunteersArgs extends PageArgs {
  @Field(() => VolunteerFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => VolunteerFilterInput)
  filter?: VolunteerFilterInput | null;
}
