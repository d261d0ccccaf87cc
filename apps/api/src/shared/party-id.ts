import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';

/** A party id (`org-legal-aid`, a volunteer's id, `ASSIGNED_VOLUNTEER`): a key, never a name or free text. */
export const PARTY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const MAX_PARTY_ID_LENGTH = 100;

/**
 * Recipients and facilitators are compared as exact strings (a consent covers the recipients it names) and stay
 * in clear after an erasure, so they are ids: a padded id would silently fail to match, and a name typed there
 * would outlive the erasure of the person it names.
 */
export const PartyIdRules = (field: string, { each = false }: { each?: boolean } = {}) =>
  applyDecorators(
    IsString({ each }),
    MaxLength(MAX_PARTY_ID_LENGTH, {
      each,
      message: `${field} must be at most ${MAX_PARTY_ID_LENGTH} characters`,
    }),
    Matches(PARTY_ID, {
      each,
      message: `${field} must be a party id (letters, digits and . _ : -, starting with a letter or digit), never a name`,
    }),
  );
