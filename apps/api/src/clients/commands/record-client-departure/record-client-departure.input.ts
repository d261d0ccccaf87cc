import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { DateScalar } from '../../../shared/scalars';
import { IsRecordKey, REASON_CODE } from '../client-command.support';

@InputType()
export class RecordClientDepartureInput {
  @Field(() => String, { nullable: true, description: 'Idempotency key' })
  @IsOptional()
  @IsRecordKey()
  commandId?: string | null;

  @Field(() => ID)
  @IsUUID()
  clientId!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Today when omitted' })
  @IsOptional()
  @IsString()
  leftOn?: string | null;

  @Field({ description: 'UPPER_SNAKE reason code (never free text), e.g. MOVED_AWAY' })
  @Matches(REASON_CODE, { message: 'reasonCode must be an UPPER_SNAKE code' })
  reasonCode!: string;
}
