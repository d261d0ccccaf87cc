import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';
import { IdempotencyKeyRules } from '../../shared/idempotency-key';

/** An optional idempotency key: re-sending a command with the same one returns the earlier result. */
export const CommandIdRules = IdempotencyKeyRules;

/** Record ids are UUIDs; anything else cannot name a record. */
export const IdRules = () =>
  applyDecorators(IsString(), Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i));

export { ReasonCodeRules } from '../../shared/reason-code';
