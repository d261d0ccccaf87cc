import fc from 'fast-check';
import { GraphQLError, Kind } from 'graphql';
import { DateScalar, DateTimeScalar } from './scalars';

const refusal = (parse: () => unknown): GraphQLError | undefined => {
  try {
    parse();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  return undefined;
};

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

describe('DateTime', () => {
  it.each([
    ['2026-11-26T09:30:00Z', '2026-11-26T09:30:00.000Z'],
    ['2026-11-26T09:30Z', '2026-11-26T09:30:00.000Z'],
    ['2026-11-26T09:30:00.123456789+01:00', '2026-11-26T08:30:00.123Z'],
    ['2024-02-29T23:59:59-05:30', '2024-03-01T05:29:59.000Z'],
  ])('given %s, when parsed, then it is the instant %s', (input, instant) => {
    expect(DateTimeScalar.parseValue(input)).toBe(instant);
    expect(DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: input })).toBe(instant);
  });

  it.each([
    ['a day past the end of the month', '2026-02-30T10:00:00Z'],
    ['29 February outside a leap year', '2026-02-29T10:00:00Z'],
    ['31 April', '2026-04-31T10:00:00Z'],
    ['month 13', '2026-13-01T10:00:00Z'],
    ['month 0', '2026-00-10T10:00:00Z'],
    ['day 0', '2026-01-00T10:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['hour 25', '2026-01-01T25:00:00Z'],
    ['minute 60', '2026-01-01T10:60:00Z'],
    ['second 60', '2026-01-01T10:00:60Z'],
    ['an offset of 24 hours', '2026-01-01T10:00:00+24:00'],
    ['an offset of 60 minutes', '2026-01-01T10:00:00+01:60'],
    ['no zone', '2026-01-01T10:00:00'],
    ['a date only', '2026-01-01'],
    ['a number', 1_767_261_600_000],
  ])('given %s, when parsed, then BAD_USER_INPUT', (_case, input) => {
    for (const parse of [
      () => DateTimeScalar.parseValue(input),
      () =>
        DateTimeScalar.parseLiteral(
          typeof input === 'string'
            ? { kind: Kind.STRING, value: input }
            : { kind: Kind.INT, value: String(input) },
        ),
    ]) {
      const error = refusal(parse);
      expect(error?.extensions.code).toBe('BAD_USER_INPUT');
      expect(error?.message).toMatch(/^DateTime must be /);
      expect(error?.message).not.toContain(String(input));
    }
  });

  it('given any date and time on the calendar and the clock, when parsed, then it is that instant in UTC', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2199-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const text = date.toISOString();
          expect(DateTimeScalar.parseValue(text)).toBe(text);
        },
      ),
    );
  });

  it('given a day past the end of its month, when parsed, then it is refused rather than rolled over', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2199 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        (year, month, beyond) => {
          const day = daysIn(year, month) + beyond;
          const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}T10:00:00Z`;
          expect(refusal(() => DateTimeScalar.parseValue(text))?.extensions.code).toBe('BAD_USER_INPUT');
        },
      ),
    );
  });
});

describe('Date', () => {
  it('given a real date, when parsed, then it is kept as written', () => {
    expect(DateScalar.parseValue('2024-02-29')).toBe('2024-02-29');
  });

  it.each(['2026-02-30', '2026-02-29', '2026-13-01', '26-01-01', '2026-01-01T00:00:00Z'])(
    'given %s, when parsed, then BAD_USER_INPUT',
    (input) => {
      expect(refusal(() => DateScalar.parseValue(input))?.extensions.code).toBe('BAD_USER_INPUT');
    },
  );
});
