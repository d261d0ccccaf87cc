import type { CalendarDate, Instant } from './reference-data';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const isCalendarDate = (value: string): boolean => {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match;
  const parsed = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return parsed.toISOString().slice(0, 10) === value;
};

export const isInstant = (value: string): boolean => INSTANT.test(value) && !Number.isNaN(Date.parse(value));

/** A date or an instant; a bare date stands for the start of that day in UTC. */
export const isDateOrInstant = (value: string): boolean => isCalendarDate(value) || isInstant(value);

/** Milliseconds since the epoch; a bare date is the start of that day in UTC. */
export const toEpochMillis = (value: CalendarDate): number =>
  isCalendarDate(value) ? Date.parse(`${value}T00:00:00.000Z`) : Date.parse(value);

/** Canonical ISO instant (`toISOString`) for a date or an instant. */
export const toInstant = (value: CalendarDate): Instant => new Date(toEpochMillis(value)).toISOString();

/** The UTC calendar day an instant falls on. */
export const dateOf = (instant: Instant): CalendarDate =>
  new Date(toEpochMillis(instant)).toISOString().slice(0, 10);

/** The day after, in UTC. */
export const nextDay = (date: CalendarDate): CalendarDate =>
  new Date(toEpochMillis(date) + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** The same calendar day a year earlier; 29 February, which that year lacks, becomes 28 February. */
export const yearBefore = (date: CalendarDate): CalendarDate => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(year - 1, month, 0)).getUTCDate();
  return new Date(Date.UTC(year - 1, month - 1, Math.min(day, lastDay))).toISOString().slice(0, 10);
};

/**
 * The first day of "the last 12 months" as of `today`: the day after the same day a year earlier, so the
 * window is one calendar year (366 days across a 29 February), and a day exactly a year ago is outside it.
 * The dashboard and the volunteer record both count supervisions from it, so the two figures agree.
 */
export const startOfLast12Months = (today: CalendarDate): CalendarDate => nextDay(yearBefore(today));

export const isAfter = (a: CalendarDate, b: CalendarDate): boolean => toEpochMillis(a) > toEpochMillis(b);

export const isAtOrBefore = (a: CalendarDate, b: CalendarDate): boolean =>
  toEpochMillis(a) <= toEpochMillis(b);

/** Whole years completed between a date of birth and a day (birthdays on 29 February count from 1 March). */
export const ageOn = (dateOfBirth: CalendarDate, on: CalendarDate): number => {
  const [birthYear, birthMonth, birthDay] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [year, month, day] = on.split('-').map(Number) as [number, number, number];
  const hadBirthday = month > birthMonth || (month === birthMonth && day >= birthDay);
  return year - birthYear - (hadBirthday ? 0 : 1);
};

/** Whether a closed date range contains a day. */
export const coversDay = (from: CalendarDate, to: CalendarDate | undefined, day: CalendarDate): boolean =>
  from <= day && (to === undefined || day <= to);
