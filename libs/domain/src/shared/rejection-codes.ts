/**
 * Every code the domain answers with, and what it means. Rejections carry these codes; refusals recorded as
 * DisclosureRefused carry `CONSENT.NOT_IN_FORCE` with one of the coverage codes. Codes are stable: clients
 * and dashboards key on them, so rename none; add new ones (and document them in docs/events.md).
 */
export const REJECTION_CODES = {
  'VALIDATION.REQUIRED': 'A required value is missing or blank.',
  'VALIDATION.UNKNOWN_VALUE': 'A value is not one of the allowed values.',
  'VALIDATION.INVALID_DATE':
    'A date is not a valid YYYY-MM-DD calendar date (or ISO-8601 instant where allowed), or a date of birth lies before 1900.',
  'VALIDATION.INVALID_INSTANT': 'A time is not a valid ISO-8601 instant.',
  'VALIDATION.INVALID_RANGE':
    'The start of a period is after its end (a leaving, a departure, or a session, consultation or course completion dated before the registration, too).',
  'VALIDATION.DATE_IN_FUTURE': 'A date that must lie in the past lies after the command time.',
  'VALIDATION.INVALID_REASON_CODE': 'A reason code is not an UPPER_SNAKE_CASE code of at most 64 characters.',
  'VALIDATION.INVALID_PARTY_ID':
    'A party id is not a key (letters, digits, . _ : -) of at most 100 characters.',
  'VALIDATION.INVALID_LANGUAGE': 'A language is not a two-letter ISO 639-1 code.',
  'VALIDATION.INVALID_COUNTRY': 'A country is not a two-letter ISO 3166-1 alpha-2 code.',

  'CLIENT.ALREADY_REGISTERED': 'The client is already registered.',
  'CLIENT.NOT_FOUND': 'No client is registered under this id.',
  'CLIENT.ERASED':
    "The client's personal data has been erased; nothing personal can be changed or disclosed.",
  'CLIENT.DEPARTED': 'The client has left the program.',
  'CLIENT.CONTACT_EMPTY': 'Contact details need at least a phone, an email or an address.',
  'CLIENT.DEPARTURE_IN_FUTURE': 'A departure cannot be recorded ahead of time.',

  'CONSENT.ALREADY_EXISTS': 'A consent with this id has already been given.',
  'CONSENT.NOT_FOUND': 'No such consent (as a coverage verdict: no consent had been given at that instant).',
  'CONSENT.ALREADY_WITHDRAWN': 'The consent has already been withdrawn.',
  'CONSENT.GIVEN_IN_FUTURE': 'A consent cannot be recorded as given after the command time.',
  'CONSENT.EXPIRES_BEFORE_GIVEN': 'The expiry date lies before the day the consent was given.',
  'CONSENT.EXPLICIT_CONSENT_REQUIRED':
    'Special categories (HEALTH, RELIGION_OR_BELIEF, ETHNIC_ORIGIN) need the lawful basis EXPLICIT_CONSENT.',
  'CONSENT.WITHDRAWN_IN_FUTURE': 'A withdrawal may take effect before it is recorded, never after.',
  'CONSENT.WITHDRAWN_BEFORE_GIVEN': 'A withdrawal cannot take effect before the consent was given.',
  'CONSENT.NOT_IN_FORCE': 'Refusal reason: no consent in force covers the requested disclosure.',
  'CONSENT.WITHDRAWN': 'Coverage verdict: the closest consent had been withdrawn at or before that instant.',
  'CONSENT.EXPIRED': 'Coverage verdict: the closest consent had expired at that instant.',
  'CONSENT.RECIPIENT_NOT_COVERED': 'Coverage verdict: no consent in force names the recipient.',
  'CONSENT.PURPOSE_NOT_COVERED': 'Coverage verdict: no consent in force names the purpose.',
  'CONSENT.CATEGORY_NOT_COVERED':
    'Coverage verdict: no consent in force names every requested data category.',

  'DISCLOSURE.ALREADY_RECORDED': 'A disclosure with this id has already been decided.',
  'DISCLOSURE.RECIPIENT_NOT_A_PARTY': 'A disclosure goes to a party id, not to the role ASSIGNED_VOLUNTEER.',
  'DISCLOSURE.RECIPIENT_NOT_MATCH_VOLUNTEER':
    'The match context names a different volunteer than the recipient.',
  'DISCLOSURE.LEGAL_OBLIGATION_BLANK': 'A legal obligation must cite its reference text.',

  'VOLUNTEER.ALREADY_REGISTERED': 'The volunteer is already registered.',
  'VOLUNTEER.NOT_FOUND': 'No volunteer is registered under this id.',
  'VOLUNTEER.UNDER_AGE': 'Volunteers must be at least 15 years old at registration (Act 198/2002).',
  'VOLUNTEER.LEFT': 'The volunteer has left the program.',
  'VOLUNTEER.NOT_APPLICANT': 'Only an applicant can start training.',
  'VOLUNTEER.NOT_IN_TRAINING': 'The volunteer is not in training.',
  'VOLUNTEER.COURSE_ALREADY_COMPLETED': 'The introductory course has already been completed.',
  'VOLUNTEER.COURSE_NOT_COMPLETED': 'The introductory course must be completed first.',
  'VOLUNTEER.AGREEMENT_NOT_IN_FORCE': 'A signed volunteer agreement in force is required.',
  'VOLUNTEER.AGREEMENT_ALREADY_SIGNED': 'An agreement with this id has already been recorded.',
  'VOLUNTEER.NOT_INSURED': 'Insurance in force is required.',
  'VOLUNTEER.INSURANCE_ALREADY_ARRANGED': 'A policy with this reference has already been recorded.',
  'VOLUNTEER.NOT_ACTIVE': 'The volunteer is not active.',
  'VOLUNTEER.NOT_PAUSED': 'The volunteer is not paused.',
  'VOLUNTEER.ATTENDANCE_ALREADY_RECORDED': "The volunteer's attendance at this session is already recorded.",
  'VOLUNTEER.CLIENT_LIMIT_REACHED': 'The volunteer already has as many active clients as the limit allows.',

  'CERTIFICATE.ALREADY_ISSUED':
    'A certificate under this policy version has already been issued and not revoked.',
  'CERTIFICATE.NUMBER_TAKEN': 'A certificate with this number already exists.',
  'CERTIFICATE.NOT_FOUND': 'No certificate with this number was issued to the volunteer.',
  'CERTIFICATE.ALREADY_REVOKED': 'The certificate has already been revoked.',
  'CERTIFICATE.NO_APPROVED_HOURS': 'A certificate needs approved hours above zero.',

  'MATCH.ALREADY_EXISTS':
    'A match with this id has already been proposed, or the pair already has a proposed, active or paused match.',
  'MATCH.NOT_FOUND': 'No match has been proposed under this id.',
  'MATCH.REGION_MISMATCH': 'The volunteer does not serve the region the client lives in.',
  'MATCH.NO_SHARED_LANGUAGE': 'The volunteer and the client share no language.',
  'MATCH.NOT_PROPOSED': 'Only a proposed match can be accepted or declined.',
  'MATCH.NOT_ACTIVE': 'The match is not active.',
  'MATCH.CONTACT_ALREADY_DISCLOSED':
    "The client's contact has already been disclosed to the match's volunteer.",
  'MATCH.NOT_PAUSED': 'The match is not paused.',
  'MATCH.NOT_STARTED': 'The match has not been accepted, so nothing can have happened in it yet.',
  'MATCH.CLOSED': 'The match has already ended or been declined.',
  'MATCH.END_BEFORE_START': 'A match cannot end before the day it was accepted.',
  'MATCH.END_BEFORE_LAST_MEETING':
    'A match cannot end before a meeting logged in it; decline that meeting first if it did not happen.',

  'MEETING.IN_FUTURE': 'A meeting cannot be logged before it happened.',
  'MEETING.HOURS_OUT_OF_RANGE':
    'Meeting hours must be more than 0 and at most 12, and the meetings of one match on one day (declined ones aside) at most 12 together.',
  'MEETING.HOURS_NOT_QUARTER': 'Meeting hours go in quarter-hour steps.',
  'MEETING.ALREADY_LOGGED': 'A meeting with this id has already been logged.',
  'MEETING.OUTSIDE_MATCH_PERIOD': 'The meeting date lies before the match was accepted or after it ended.',
  'MEETING.NOT_FOUND': 'No meeting with this id was logged in the match.',
  'MEETING.ALREADY_DECIDED': 'The meeting has already been approved or declined.',

  'SESSION.ALREADY_RECORDED': 'This program session has already been recorded.',
  'SESSION.IN_FUTURE': 'A session cannot be recorded as held before its date.',
  'SESSION.NO_ATTENDEES': 'A session is recorded with at least one attendee.',

  'COMMAND.ID_REUSED': 'This commandId was already used for a different request.',
} as const satisfies Readonly<Record<string, string>>;

export type RejectionCode = keyof typeof REJECTION_CODES;

export const isRejectionCode = (code: string): code is RejectionCode => Object.hasOwn(REJECTION_CODES, code);
