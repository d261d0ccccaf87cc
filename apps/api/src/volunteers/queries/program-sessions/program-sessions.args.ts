import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_PAGE_SIZE } from '../../../shared/connection';
import { RegionEnum } from '../../../shared/enums';
import { DateScalar } from '../../../shared/scalars';
import { ProgramSessionKindEnum } from '../../volunteer.enums';

@InputType()
export class ProgramSessionFilterInput {
  @Field(() => RegionEnum, { nullable: true })
  @IsOptional()
  @IsEnum(RegionEnum)
  region?: RegionEnum | null;

  @Field(() => ProgramSessionKindEnum, { nullable: true })
  @IsOptional()
  @IsEnum(ProgramSessionKindEnum)
  kind?: ProgramSessionKindEnum | null;

  @Field(() => DateScalar, { nullable: true, description: 'Sessions held on or after this day.' })
  @IsOptional()
  @IsString()
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Sessions held on or before this day.' })
  @IsOptional()
  @IsString()
  to?: string | null;
}

@ArgsType()
export class ProgramSessionsArgs {
  @Field(() => ProgramSessionFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProgramSessionFilterInput)
  filter?: ProgramSessionFilterInput | null;

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
