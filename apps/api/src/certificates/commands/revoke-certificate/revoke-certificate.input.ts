import { Field, InputType } from '@nestjs/graphql';
import { Matches, MaxLength } from 'class-validator';
import { IdempotencyKey } from '../../../shared/idempotency-key';

@InputType()
export class RevokeCertificateInput {
  @IdempotencyKey('Idempotency key: re-sending the same command changes nothing.')
  commandId?: string | null;

  @Field({ description: 'The certificate number, e.g. PRV-2026-00001.' })
  @Matches(/^[A-Z]{2,8}-\d{4}-\d{5,}$/, { message: 'number must look like PRV-2026-00001' })
  number!: string;

  @Field({ description: 'An UPPER_SNAKE_CASE reason code (never free text), e.g. ISSUED_IN_ERROR.' })
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'reason must be an UPPER_SNAKE_CASE code' })
  @MaxLength(64)
  reason!: string;
}
