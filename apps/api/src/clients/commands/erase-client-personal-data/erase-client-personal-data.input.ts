import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { ReasonCodeRules } from '../../../shared/reason-code';
import { IsRecordKey } from '../client-command.support';

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
  @ReasonCodeRules()
  reasonCode?: string | null;
}
