import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { IsRecordKey, REASON_CODE } from '../client-command.support';

@InputType()
export class EraseClientPersonalDataInput {
  @Field(() => String, { nullable: true, description: 'Idempotency key' })
  @IsOptional()
  @IsRecordKey()
  commandId?: string | null;

  @Field(() => ID)
  @IsUUID()
  clientId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'UPPER_SNAKE reason code (never free text); DATA_SUBJECT_REQUEST when omitted',
  })
  @IsOptional()
  @Matches(REASON_CODE, { message: 'reasonCode must be an UPPER_SNAKE code' })
  reasonCode?: string | null;
}
