import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';
import { MAX_REASON_CODE_LENGTH, REASON_CODE_PATTERN } from '@app/domain';

/**
 * A reason code: an UPPER_SNAKE_CASE code, optionally `CONTEXT.CODE`, of at most 64 characters. Never free text,
 * which could carry personal data, and reason codes stay in clear after an erasure. The domain checks the same.
 */
export const ReasonCodeRules = (field = 'reasonCode') =>
  applyDecorators(
    IsString(),
    MaxLength(MAX_REASON_CODE_LENGTH, {
      message: `${field} must be at most ${MAX_REASON_CODE_LENGTH} characters`,
    }),
    Matches(REASON_CODE_PATTERN, { message: `${field} must be an UPPER_SNAKE_CASE code` }),
  );
