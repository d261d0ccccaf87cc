import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addDays,
  dateOf,
  daysBetween,
  isAfter,
  nextDay,
  startOfLast12Months,
  toEpochMillis,
  toInstant,
  yearBefore,
} from './time';

describe('yearBefore', () => {
  it('is the same calendar day a year earlier', () => {
    expect(yearBefore('2025-06-10')).toBe('2024-06-10');
    expect(yearBefore('2025-01-01')).toBe('2024-01-01');
  });
  it('turns 29 February into 28 February, the last day of that month a year earlier', () => {
    expect(yearBefore('2024-02-29')).toBe('2023-02-28');
    expect(yearBefore('2025-02-28')).toBe('2024-02-28');
    expect(yearBefore('2025-03-01')).toBe('2024-03-01');
  });
});

describe('startOfLast12Months', () => {
  it('is the day after the same day a year earlier, across month, year and leap-day ends', () => {
    expect(startOfLast12Months('2025-06-10')).toBe('2024-06-11');
    expect(startOfLast12Months('2025-12-31')).toBe('2025-01-01');
    expect(startOfLast12Months('2025-02-28')).toBe('2024-02-29');
    expect(startOfLast12Months('2024-02-29')).toBe('2023-03-01');
    expect(startOfLast12Months('2025-03-01')).toBe('2024-03-02');
  });
});

describe("the program's calendar (Prague)", () => {
  it('puts an instant on the day it falls on in Prague, in winter (UTC+1) and in summer (UTC+2)', () => {
    expect(dateOf('2027-01-15T22:59:59.999Z')).toBe('2027-01-15');
    expect(dateOf('2027-01-15T23:00:00.000Z')).toBe('2027-01-16');
    expect(dateOf('2027-06-30T21:59:59.999Z')).toBe('2027-06-30');
    expect(dateOf('2027-06-30T22:00:00.000Z')).toBe('2027-07-01');
    expect(dateOf('2027-06-30T23:30:00+01:00')).toBe('2027-07-01');
  });

  it('leaves a bare date on its own day', () => {
    expect(dateOf('2027-07-01')).toBe('2027-07-01');
  });

  it('starts a day at midnight in Prague, on either side of both clock changes', () => {
    expect(toInstant('2027-01-16')).toBe('2027-01-15T23:00:00.000Z');
    expect(toInstant('2027-07-01')).toBe('2027-06-30T22:00:00.000Z');
    // Summer time begins at 02:00 on 28 March 2027 and ends at 03:00 on 31 October 2027.
    expect(toInstant('2027-03-28')).toBe('2027-03-27T23:00:00.000Z');
    expect(toInstant('2027-03-29')).toBe('2027-03-28T22:00:00.000Z');
    expect(toInstant('2027-10-31')).toBe('2027-10-30T22:00:00.000Z');
    expect(toInstant('2027-11-01')).toBe('2027-10-31T23:00:00.000Z');
    expect(toEpochMillis('2027-07-01')).toBe(Date.parse('2027-06-30T22:00:00.000Z'));
  });

  it('compares a date with an instant by the instant the day starts in Prague', () => {
    expect(isAfter('2027-07-01', '2027-06-30T21:59:59.999Z')).toBe(true);
    expect(isAfter('2027-07-01', '2027-06-30T22:00:00.000Z')).toBe(false);
  });

  it('counts and adds plain calendar days, unaffected by the clock changes', () => {
    expect(addDays('2027-03-27', 2)).toBe('2027-03-29');
    expect(addDays('2027-10-30', 2)).toBe('2027-11-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(nextDay('2027-12-31')).toBe('2028-01-01');
    expect(daysBetween('2027-03-27', '2027-03-29')).toBe(2);
    expect(daysBetween('2027-10-30', '2027-11-01')).toBe(2);
    expect(daysBetween('2027-07-01', '2027-06-01')).toBe(-30);
  });
});

describe("the program's calendar against the zone rules themselves", () => {
  it('gives every instant of 2020–2040 the day Prague gives it, and every day the instant its midnight falls on', () => {
    const from = Date.UTC(2020, 0, 1);
    const to = Date.UTC(2040, 11, 31);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (millis) => {
        const instant = new Date(millis).toISOString();
        const prague = DateTime.fromMillis(millis, { zone: 'Europe/Prague' });
        expect(dateOf(instant)).toBe(prague.toISODate());
        const day = prague.toISODate() as string;
        expect(toEpochMillis(day)).toBe(prague.startOf('day').toMillis());
      }),
      { numRuns: 5000 },
    );
  });
});
