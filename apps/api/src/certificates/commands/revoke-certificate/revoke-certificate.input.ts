import { Field, InputType } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { IdempotencyKey } from '../../../shared/idempotency-key';
import { ReasonCodeRules } from '../../../shared/reason-code';

@InputType()
export class RevokeCertificateInput {
  @IdempotencyKey('Idempotency key: re-sending the same command changes nothing.')
  commandId?: string | null;

  @Field({ description: 'The certificate number, e.g. PRV-2026-00001.' })
  @Matches(/^[A-Z]{2,8}-\d{4}-\d{5,}$/, { message: 'number must look like PRV-2026-00001' })
  number!: string;

  @Field({ description: 'An UPPER_SNAKE_CASE reason code (never free text), e.g. ISSUED_IN_ERROR.' })
  @ReasonCodeRules('reason')
  reason!: string;
}
