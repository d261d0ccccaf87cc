/** The ubiquitous language's closed vocabularies; GraphQL enums map 1:1 onto these lists. */
export const REGIONS = ['PRAGUE', 'CENTRAL_BOHEMIA', 'LIBEREC'] as const;
export type Region = (typeof REGIONS)[number];

/** What a client asks for and, in the same words, what a volunteer is interested in offering. */
export const NEEDS = [
  'CZECH_PRACTICE',
  'SOCIAL_CONTACT',
  'ORIENTATION',
  'ACCOMPANIMENT',
  'CHILD_TUTORING',
] as const;
export type Need = (typeof NEEDS)[number];

export const WEEKDAYS = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const DAY_PARTS = ['MORNING', 'AFTERNOON', 'EVENING'] as const;
export type DayPart = (typeof DAY_PARTS)[number];

/** A recurring weekly window in which someone is usually free. */
export interface AvailabilitySlot {
  readonly day: Weekday;
  readonly part: DayPart;
}

/** ISO 639-1 code, e.g. `cs`, `uk`, `ar`. */
export type LanguageCode = string;

/** ISO 3166-1 alpha-2 code, e.g. `UA`. */
export type CountryCode = string;

/** ISO-8601 UTC instant, e.g. `2025-03-01T09:30:00.000Z`. */
export type Instant = string;

/** Calendar date `YYYY-MM-DD`. */
export type CalendarDate = string;

/** An upper-snake reason code chosen by the caller, e.g. `MOVED_AWAY`; never free text (free text may be personal). */
export type ReasonCode = string;

export const isRegion = (value: string): value is Region => (REGIONS as readonly string[]).includes(value);
export const isNeed = (value: string): value is Need => (NEEDS as readonly string[]).includes(value);
