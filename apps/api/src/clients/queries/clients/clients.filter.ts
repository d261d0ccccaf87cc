import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ClientNeedEnum, RegionEnum } from '../../../shared/enums';
import { LANGUAGE_CODE } from '../../commands/client-command.support';
import { ClientStatusEnum } from '../../model/client.enums';

@InputType()
export class ClientFilter {
  @Field(() => RegionEnum, { nullable: true })
  @IsOptional()
  @IsEnum(RegionEnum)
  region?: RegionEnum | null;

  @Field(() => ClientStatusEnum, { nullable: true })
  @IsOptional()
  @IsEnum(ClientStatusEnum)
  status?: ClientStatusEnum | null;

  @Field(() => String, { nullable: true, description: 'ISO 639-1 code the client speaks' })
  @IsOptional()
  @Matches(LANGUAGE_CODE, { message: 'language must be an ISO 639-1 code' })
  language?: string | null;

  @Field(() => ClientNeedEnum, { nullable: true })
  @IsOptional()
  @IsEnum(ClientNeedEnum)
  need?: ClientNeedEnum | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Case-insensitive prefix of the name; not for auditors. Each client listed is recorded as a read of its name',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  namePrefix?: string | null;
}
