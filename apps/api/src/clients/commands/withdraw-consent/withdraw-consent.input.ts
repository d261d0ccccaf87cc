import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID } from 'class-validator';
import { ConsentMethodEnum } from '../../../shared/enums';
import { DateTimeScalar } from '../../../shared/scalars';
import { IsRecordKey } from '../client-command.support';

@InputType()
export class WithdrawConsentInput {
  @Field(() => String, { nullable: true, description: 'Idempotency key' })
  @IsOptional()
  @IsRecordKey()
  commandId?: string | null;

  @Field(() => ID)
  @IsUUID()
  clientId!: string;

  @Field(() => ID)
  @IsRecordKey()
  consentId!: string;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the withdrawal took effect; now when omitted',
  })
  @IsOptional()
  @IsString()
  withdrawnOn?: string | null;

  @Field(() => ConsentMethodEnum)
  @IsEnum(ConsentMethodEnum)
  method!: ConsentMethodEnum;
}
