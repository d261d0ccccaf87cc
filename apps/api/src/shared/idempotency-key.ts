import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Idempotency keys and record ids: printable, no spaces, bounded; never personal data. */
export const IsRecordKey = () => applyDecorators(MaxLength(100), Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/));

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Idempotency key: re-sending the same command returns its earlier result and records nothing new.';

/**
 * The rule for the idempotency key every mutation input takes: any short key the client chooses (a UUID, or
 * `import-2026-03:17`), never free text. One rule and one GraphQL type (String) for every mutation, so that one
 * client variable `$commandId: String` fits them all.
 */
export const IdempotencyKeyRules = () => applyDecorators(IsOptional(), IsString(), IsRecordKey());

/** The optional `commandId` field of a mutation input. */
export const IdempotencyKey = (description = IDEMPOTENCY_KEY_DESCRIPTION) =>
  applyDecorators(
    Field(() => String, { nullable: true, description }),
    IdempotencyKeyRules(),
  );
