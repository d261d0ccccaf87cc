import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsEnum, IsISO8601, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { RegionEnum } from '../../shared/enums';
import { DateTimeScalar } from '../../shared/scalars';

@ArgsType()
export class TimeWindowArgs {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string | null;
}

@ArgsType()
export class ConsentAuditArgs extends TimeWindowArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all')
  clientId?: string | null;

  @Field(() => RegionEnum, { nullable: true, description: 'The region the client registered in' })
  @IsOptional()
  @IsEnum(RegionEnum)
  region?: RegionEnum | null;
}

@ArgsType()
export class ConsentStateAtArgs {
  @Field(() => ID)
  @IsUUID('all')
  clientId!: string;

  @Field(() => DateTimeScalar)
  @IsISO8601({ strict: true })
  at!: string;
}

@ArgsType()
export class IntegrityArgs {
  @Field(() => String, {
    nullable: true,
    description: 'One stream (e.g. client-<id>); all streams when omitted',
  })
  @IsOptional()
  @MaxLength(200)
  @Matches(/^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9-]+$/, { message: 'stream must look like <category>-<id>' })
  stream?: string | null;
}

@ArgsType()
export class AuditTrailArgs extends TimeWindowArgs {
  @Field(() => ID, { description: 'A client, volunteer or match id' })
  @IsUUID('all')
  subjectId!: string;
}

@ArgsType()
export class AccessLogArgs extends TimeWindowArgs {
  @Field(() => ID)
  @IsUUID('all')
  clientId!: string;
}

@ArgsType()
export class SubjectAccessReportArgs {
  @Field(() => ID)
  @IsUUID('all')
  clientId!: string;
}
