import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';
import { MAX_PARTY_ID_LENGTH, PARTY_ID_PATTERN } from '@app/domain';

/**
 * A party id (`org-legal-aid`, a volunteer's id, `ASSIGNED_VOLUNTEER`): a key, not free text, as the domain
 * checks too. Recipients and facilitators are compared as exact strings (a consent covers the recipients it
 * names) and stay in clear after an erasure: a padded id would silently fail to match, and free text typed
 * there (a person's full name) would outlive the erasure of the person it names.
 */
export const PartyIdRules = (field: string, { each = false }: { each?: boolean } = {}) =>
  applyDecorators(
    IsString({ each }),
    MaxLength(MAX_PARTY_ID_LENGTH, {
      each,
      message: `${field} must be at most ${MAX_PARTY_ID_LENGTH} characters`,
    }),
    Matches(PARTY_ID_PATTERN, {
      each,
      message: `${field} must be a party id (letters, digits and . _ : -, starting with a letter or digit)`,
    }),
  );
