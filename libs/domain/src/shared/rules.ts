import { accept, reject, type Decision } from './decider';
import { REJECTION_CODES, type RejectionCode } from './rejection-codes';
import { DAY_PARTS, WEEKDAYS } from './reference-data';
import { isCalendarDate, isDateOrInstant, isInstant } from './time';

/** A broken rule: a stable code and, when it is about one command field, that field. */
export interface Violation {
  readonly code: RejectionCode;
  readonly field?: string;
}

/** A named business rule, evaluated lazily so that later rules may rely on earlier ones having held. */
export type Rule = () => Violation | undefined;

export const violation = (code: RejectionCode, field?: string): Violation =>
  field === undefined ? { code } : { code, field };

export const firstViolation = (rules: readonly Rule[]): Violation | undefined => {
  for (const rule of rules) {
    const broken = rule();
    if (broken) return broken;
  }
  return undefined;
};

/** Rejects with the registry's meaning as message, so messages never echo command values (they may be personal). */
export const rejectWith = <Event = never>(broken: Violation): Decision<Event> =>
  reject<Event>(broken.code, REJECTION_CODES[broken.code], broken.field);

/** Checks the rules in order; the first broken one rejects, otherwise the events are emitted. */
export const decideWith = <Event>(rules: readonly Rule[], emit: () => Event[]): Decision<Event> => {
  const broken = firstViolation(rules);
  return broken ? rejectWith<Event>(broken) : accept<Event>(...emit());
};

// Shape rules shared by every aggregate: GraphQL validates shapes at the edge, but the domain must not trust
// that every caller (a reactor, a CLI, a test) went through it.
export const mustBeDate =
  (value: string | undefined, field: string): Rule =>
  () =>
    value === undefined || isCalendarDate(value) ? undefined : violation('VALIDATION.INVALID_DATE', field);

export const mustBeInstant =
  (value: string, field: string): Rule =>
  () =>
    isInstant(value) ? undefined : violation('VALIDATION.INVALID_INSTANT', field);

export const mustBeDateOrInstant =
  (value: string, field: string): Rule =>
  () =>
    isDateOrInstant(value) ? undefined : violation('VALIDATION.INVALID_DATE', field);

export const mustNotBeBlank =
  (value: string | undefined, field: string): Rule =>
  () =>
    value !== undefined && value.trim().length > 0 ? undefined : violation('VALIDATION.REQUIRED', field);

export const mustNotBeEmpty =
  (values: readonly unknown[], field: string): Rule =>
  () =>
    values.length > 0 ? undefined : violation('VALIDATION.REQUIRED', field);

export const mustBeOneOf =
  (values: readonly string[], allowed: readonly string[], field: string): Rule =>
  () =>
    values.every((value) => allowed.includes(value))
      ? undefined
      : violation('VALIDATION.UNKNOWN_VALUE', field);

/** `UPPER_SNAKE_CASE`, optionally `CONTEXT.CODE`: a code, never free text, since reason codes outlive erasure. */
export const REASON_CODE_PATTERN = /^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)?$/;
export const MAX_REASON_CODE_LENGTH = 64;

export const mustBeReasonCode =
  (value: string | undefined, field: string): Rule =>
  () =>
    value === undefined || (value.length <= MAX_REASON_CODE_LENGTH && REASON_CODE_PATTERN.test(value))
      ? undefined
      : violation('VALIDATION.INVALID_REASON_CODE', field);

/**
 * A party id (`org-legal-aid`, a volunteer's id, `ASSIGNED_VOLUNTEER`): a key, not free text. Recipients and
 * facilitators are compared as exact strings and stay in clear after an erasure.
 */
export const PARTY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const MAX_PARTY_ID_LENGTH = 100;

export const mustBePartyIds =
  (values: readonly string[], field: string): Rule =>
  () =>
    values.every((value) => value.length <= MAX_PARTY_ID_LENGTH && PARTY_ID_PATTERN.test(value))
      ? undefined
      : violation('VALIDATION.INVALID_PARTY_ID', field);

/** Keeps unique values in first-seen order. */
export const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** Keeps unique availability slots (same day and part of day) in first-seen order. */
export const distinctSlots = <T extends { readonly day: string; readonly part: string }>(
  slots: readonly T[],
): T[] => {
  const seen = new Set<string>();
  return slots.filter((slot) => {
    const key = `${slot.day}:${slot.part}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

const LANGUAGE = /^[a-z]{2}$/;
const COUNTRY = /^[A-Z]{2}$/;

export const mustBeLanguages =
  (languages: readonly string[], field: string): Rule =>
  () =>
    languages.every((language) => LANGUAGE.test(language))
      ? undefined
      : violation('VALIDATION.INVALID_LANGUAGE', field);

export const mustBeCountry =
  (country: string, field: string): Rule =>
  () =>
    COUNTRY.test(country) ? undefined : violation('VALIDATION.INVALID_COUNTRY', field);

export const mustBeAvailability =
  (slots: readonly { day: string; part: string }[], field: string): Rule =>
  () =>
    slots.every(
      (slot) =>
        (WEEKDAYS as readonly string[]).includes(slot.day) &&
        (DAY_PARTS as readonly string[]).includes(slot.part),
    )
      ? undefined
      : violation('VALIDATION.UNKNOWN_VALUE', field);
