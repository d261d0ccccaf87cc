import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
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
import { RegionEnum } from '../../../shared/enums';
import { DateScalar } from '../../../shared/scalars';
import { IdRules } from '../../shared/input-rules';
import { MatchStatusEnum } from '../../shared/matching.enums';

@InputType()
export class MatchFilter {
  @Field(() => RegionEnum, { nullable: true })
  @IsOptional()
  @IsEnum(RegionEnum)
  region?: RegionEnum | null;

  @Field(() => MatchStatusEnum, { nullable: true })
  @IsOptional()
  @IsEnum(MatchStatusEnum)
  status?: MatchStatusEnum | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IdRules()
  volunteerId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IdRules()
  clientId?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      "Pairs who have met, the last time before this day; pairs who never met are not among them (the dashboard's matchesWithoutMeetingFor14Days counts those from their acceptance).",
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  lastMeetingBefore?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Pairs who met on or after this day.' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  lastMeetingOnOrAfter?: string | null;
}

@ArgsType()
export class MatchesArgs {
  @Field(() => MatchFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MatchFilter)
  filter?: MatchFilter | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string | null;
}
