import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, ValidateNested } from 'class-validator';
import { PageArgs } from '../../../shared/connection';
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
export class ProgramSessionsArgs extends PageArgs {
  @Field(() => ProgramSessionFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProgramSessionFilterInput)
  filter?: ProgramSessionFilterInput | null;
}
