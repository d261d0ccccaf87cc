import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

const invalid = (scalar: string, expected: string): GraphQLError =>
  new GraphQLError(`${scalar} must be ${expected}`, { extensions: { code: 'BAD_USER_INPUT' } });

/** Whether `YYYY-MM-DD` names a day of the calendar (not 2026-02-30 or 2026-13-01). */
function isCalendarDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

const isWithin = (field: string | undefined, max: number): boolean =>
  field === undefined || Number(field) <= max;

function parseInstant(value: unknown): string {
  const fields = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  if (typeof value !== 'string' || fields === null) {
    throw invalid('DateTime', 'an ISO-8601 date and time with a zone, e.g. 2026-11-26T09:30:00Z');
  }
  // Date.parse rolls impossible fields over (2026-02-30 becomes 2026-03-02, 24:00 the next day): a typo
  // would be stored as another day, so each field is checked against the calendar and the clock first.
  const [, date = '', hour, minute, second, offsetHour, offsetMinute] = fields;
  if (
    !isCalendarDate(date) ||
    !isWithin(hour, 23) ||
    !isWithin(minute, 59) ||
    !isWithin(second, 59) ||
    !isWithin(offsetHour, 23) ||
    !isWithin(offsetMinute, 59) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw invalid('DateTime', 'a real calendar date and time with a zone, e.g. 2026-11-26T09:30:00Z');
  }
  // Normalised to UTC so that times compare as strings everywhere downstream.
  return new Date(value).toISOString();
}

function parseCalendarDate(value: unknown): string {
  if (typeof value !== 'string' || !CALENDAR_DATE.test(value)) throw invalid('Date', 'a date as YYYY-MM-DD');
  if (!isCalendarDate(value)) throw invalid('Date', 'a real calendar date as YYYY-MM-DD');
  return value;
}

/** A literal's refusal points at the literal, so that the error's location (and the field it names) is its own. */
const literal = (parse: (value: unknown) => string) => (node: ValueNode) => {
  try {
    return parse(node.kind === Kind.STRING ? node.value : undefined);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw new GraphQLError(error.message, { nodes: node, extensions: error.extensions });
  }
};

/** An instant as ISO-8601 UTC text; inputs with an offset are normalised to `Z`. */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO-8601 with a zone (returned in UTC), e.g. 2026-11-26T09:30:00.000Z',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parseInstant,
  parseLiteral: literal(parseInstant),
});

/** A calendar date, `YYYY-MM-DD`. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD',
  serialize: (value) => String(value),
  parseValue: parseCalendarDate,
  parseLiteral: literal(parseCalendarDate),
});
