import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import { DateScalar } from '../../../shared/scalars';
import { ReasonCodeRules } from '../../../shared/reason-code';
import { IsRecordKey } from '../client-command.support';

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
  @ReasonCodeRules()
  reasonCode!: string;
}
