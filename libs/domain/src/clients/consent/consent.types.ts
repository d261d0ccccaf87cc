/** Categories of client data a disclosure may cover (GDPR Art. 4 and 9 wording, as the program uses it). */
export const DATA_CATEGORIES = [
  'IDENTITY',
  'CONTACT',
  'RESIDENCE_STATUS',
  'FAMILY',
  'EDUCATION_AND_WORK',
  'CASE_NOTES',
  'HEALTH',
  'RELIGION_OR_BELIEF',
  'ETHNIC_ORIGIN',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** Special categories (GDPR Art. 9): processing them on consent needs explicit consent. */
export const SPECIAL_DATA_CATEGORIES: readonly DataCategory[] = [
  'HEALTH',
  'RELIGION_OR_BELIEF',
  'ETHNIC_ORIGIN',
];

export const isSpecialCategory = (category: DataCategory): boolean =>
  SPECIAL_DATA_CATEGORIES.includes(category);

/** Why client data is shared. */
export const PURPOSES = [
  /** Arranging and running a match: the assigned volunteer needs to reach and know the client. */
  'VOLUNTEER_MATCHING',
  /** Coordination inside the program (coordinators, social workers, Czech teachers). */
  'PROGRAM_COORDINATION',
  /** Referring the client to another organisation (legal aid, health or social services). */
  'REFERRAL',
  /** Reporting to funders and authorities beyond pseudonymised statistics. */
  'FUNDER_REPORTING',
] as const;
export type Purpose = (typeof PURPOSES)[number];

export const LAWFUL_BASES = ['CONSENT', 'EXPLICIT_CONSENT'] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

export const CONSENT_METHODS = ['WRITTEN_FORM', 'VERBAL_WITNESSED', 'ELECTRONIC'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** The role a consent may name instead of a party: whoever is the volunteer of the client's active match. */
export const ASSIGNED_VOLUNTEER = 'ASSIGNED_VOLUNTEER';

/** A party id (a volunteer, an organisation) or the `ASSIGNED_VOLUNTEER` role. */
export type Recipient = string;
