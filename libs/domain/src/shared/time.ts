import { DateTime } from 'luxon';
import type { CalendarDate, Instant } from './reference-data';

/**
 * The zone of the program's calendar. A date on a form ("valid until 30 June", "met on 3 May") is a day in
 * Prague, where the program works, so "today", the day an instant falls on and the instant a day starts are
 * all read in this zone. Date arithmetic (the next day, a year earlier) needs no zone and stays in plain
 * calendar days. ADR 25.
 */
export const PROGRAM_TIME_ZONE = 'Europe/Prague';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight UTC of a calendar date: only for counting calendar days, never an instant of the program's. */
const calendarDayMillis = (date: CalendarDate): number => Date.parse(`${date}T00:00:00.000Z`);
const calendarDateAt = (millis: number): CalendarDate => new Date(millis).toISOString().slice(0, 10);

const HOUR_MS = 60 * 60 * 1000;
const zoneOffsetMillis = (millis: number): number =>
  DateTime.fromMillis(millis, { zone: PROGRAM_TIME_ZONE }).offset * 60_000;

/**
 * Prague's offset from UTC at an instant, kept per UTC hour: asking the zone rules costs microseconds, and
 * deciders ask for "today" on every command. Prague's clocks change on the hour (01:00 UTC); an hour in which
 * the offset changes all the same is never kept.
 */
const offsetByUtcHour = new Map<number, number>();
function programOffsetMillis(millis: number): number {
  const hour = Math.floor(millis / HOUR_MS);
  const known = offsetByUtcHour.get(hour);
  if (known !== undefined) return known;
  const offset = zoneOffsetMillis(hour * HOUR_MS);
  if (zoneOffsetMillis(hour * HOUR_MS + HOUR_MS - 1) !== offset) return zoneOffsetMillis(millis);
  if (offsetByUtcHour.size >= 100_000) offsetByUtcHour.clear();
  offsetByUtcHour.set(hour, offset);
  return offset;
}

/**
 * The instant the program's calendar day `date` begins (midnight in Prague, 22:00 or 23:00 UTC the day
 * before): the instant whose Prague wall time is that midnight. Prague's clocks never change at midnight, so
 * one correction of the first guess finds it.
 */
function startOfProgramDayMillis(date: CalendarDate): number {
  const wallMidnight = calendarDayMillis(date);
  const guess = wallMidnight - programOffsetMillis(wallMidnight);
  return wallMidnight - programOffsetMillis(guess);
}

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

/** A date or an instant; a bare date stands for the start of that day in the program's calendar. */
export const isDateOrInstant = (value: string): boolean => isCalendarDate(value) || isInstant(value);

/** Milliseconds since the epoch; a bare date is the start of that day in the program's calendar. */
export const toEpochMillis = (value: CalendarDate): number =>
  isCalendarDate(value) ? startOfProgramDayMillis(value) : Date.parse(value);

/** Canonical ISO instant (`toISOString`) for a date or an instant. */
export const toInstant = (value: CalendarDate): Instant => new Date(toEpochMillis(value)).toISOString();

/** The program's calendar day (in Prague) an instant falls on; a bare date is its own day. */
export const dateOf = (instant: Instant): CalendarDate => {
  if (isCalendarDate(instant)) return instant;
  const millis = Date.parse(instant);
  return calendarDateAt(millis + programOffsetMillis(millis));
};

/** The calendar day `days` days later (earlier when negative). */
export const addDays = (date: CalendarDate, days: number): CalendarDate =>
  calendarDateAt(calendarDayMillis(date) + days * DAY_MS);

/** The day after. */
export const nextDay = (date: CalendarDate): CalendarDate => addDays(date, 1);

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: CalendarDate, to: CalendarDate): number =>
  Math.round((calendarDayMillis(to) - calendarDayMillis(from)) / DAY_MS);

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
