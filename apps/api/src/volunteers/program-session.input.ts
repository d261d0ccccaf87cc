import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsEnum, IsString, IsUUID } from 'class-validator';
import { IdempotencyKey } from '../shared/idempotency-key';
import { RegionEnum } from '../shared/enums';
import { DateScalar } from '../shared/scalars';
import { PartyIdRules } from '../shared/party-id';

/** The fields a group meeting and a supervision session are both recorded with. */
@InputType({ isAbstract: true })
export abstract class ProgramSessionInput {
  @IdempotencyKey()
  commandId?: string | null;

  @Field(() => DateScalar)
  @IsString()
  date!: string;

  @Field(() => RegionEnum)
  @IsEnum(RegionEnum)
  region!: RegionEnum;

  @Field({ description: 'Party id of whoever led the session (never a name).' })
  @PartyIdRules('facilitator')
  facilitator!: string;

  @Field(() => [ID], { description: 'Ids of the volunteers who attended.' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  attendees!: string[];
}
