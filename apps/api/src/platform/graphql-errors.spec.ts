import fc from 'fast-check';
import {
  buildSchema,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  validate,
  type GraphQLScalarType,
  type VariableDefinitionNode,
} from 'graphql';
import { DateScalar, DateTimeScalar } from '../shared/scalars';
import { completionFault, formatGraphQLError, isMaskedError } from './graphql-errors';

const schema = buildSchema(`
  scalar Date
  scalar DateTime
  scalar Code
  enum Region { PRAGUE LIBEREC }
  input Contact { email: String, phone: String }
  input Person {
    name: String!
    age: Int
    score: Float
    active: Boolean
    id: ID
    region: Region
    contact: Contact
    languages: [String!]
    born: Date
    at: DateTime
  }
  type Query {
    person(
      input: Person
      people: [Person]
      contact: Contact
      name: String
      age: Int
      score: Float
      active: Boolean
      id: ID
      region: Region
      ids: [ID!]
      at: DateTime
      born: Date
      code: Code
    ): String
  }
`);
// A scalar failing with an error not written for clients, which may quote what it was given.
const code = schema.getType('Code') as GraphQLScalarType;
code.parseValue = (value) => {
  throw new TypeError(`no code like ${String(value)}`);
};
code.parseLiteral = (node) => {
  throw new TypeError(`no code like ${node.kind === Kind.STRING ? node.value : node.kind}`);
};
// The API's own scalars, so that their refusals are worded as the API words them.
for (const scalar of [DateScalar, DateTimeScalar]) {
  const type = schema.getType(scalar.name) as GraphQLScalarType;
  type.parseValue = scalar.parseValue;
  type.parseLiteral = scalar.parseLiteral;
}

/** The messages the client reads, as Apollo codes and formats them: parse, then validate, then coerce variables. */
function answer(query: string, variables: Record<string, unknown> = {}): string[] {
  const format = (code: string) => (error: GraphQLError) =>
    formatGraphQLError({ message: error.message, extensions: { code } }, error).message;
  let document;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return [format('GRAPHQL_PARSE_FAILED')(error)];
    throw error;
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map(format('GRAPHQL_VALIDATION_FAILED'));
  const definitions = document.definitions.flatMap<VariableDefinitionNode>((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION ? (definition.variableDefinitions ?? []) : [],
  );
  const { errors } = getVariableValues(schema, definitions, variables) as { errors?: GraphQLError[] };
  return (errors ?? []).map(format('BAD_USER_INPUT'));
}

/** Strings a client may send by mistake: each starts with a marker no message of the schema contains. */
const MARK = 'Zq';
const marked = fc.string({ maxLength: 12, unit: 'grapheme' }).map((text) => `${MARK}${text}`);
const markedName = fc.stringMatching(/^[_0-9A-Za-z]{0,8}$/).map((text) => `${MARK}${text}`);
/** Numbers long enough that no message would contain them by chance. */
const bigNumber = fc.integer({ min: 10_000_000, max: Number.MAX_SAFE_INTEGER });
const FIELDS = ['name', 'age', 'contact', 'phone', 'email', 'region', 'languages', 'born', 'at'] as const;

const jsonValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    marked,
    bigNumber,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(markedName, fc.constantFrom(...FIELDS)), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A GraphQL literal: strings in JSON's quoting (which GraphQL reads too), bare names as enum values. */
const literal: fc.Arbitrary<string> = fc.letrec<{ literal: string }>((tie) => ({
  literal: fc.oneof(
    { depthSize: 'small' },
    marked.map((text) => JSON.stringify(text)),
    markedName,
    bigNumber.map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    fc.constantFrom('true', 'false', 'null', 'PRAGUE'),
    fc.array(tie('literal'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc
      // Unique keys: a repeated key is refused by its name, which is the document's own text, not a value.
      .uniqueArray(fc.tuple(fc.oneof(markedName, fc.constantFrom(...FIELDS)), tie('literal')), {
        maxLength: 4,
        selector: ([key]) => key,
      })
      .map((entries) => `{ ${entries.map(([key, value]) => `${key}: ${value}`).join(', ')} }`),
  ),
})).literal;

/** What of the request must not come back: the marked strings and the long numbers. */
function secretsOf(request: string): string[] {
  const numbers = request.match(/\d{8,}/g) ?? [];
  return [MARK, ...numbers];
}

function expectNoneEchoed(messages: string[], request: string): void {
  for (const message of messages) {
    for (const secret of secretsOf(request)) expect(message).not.toContain(secret);
  }
}

/** Each variable type with an argument it can be passed to. */
const VARIABLE_TYPES = {
  'String!': 'name',
  Int: 'age',
  Float: 'score',
  Boolean: 'active',
  ID: 'id',
  Region: 'region',
  '[ID!]': 'ids',
  DateTime: 'at',
  Date: 'born',
  Person: 'input',
  'Person!': 'input',
  '[Person]': 'people',
  Contact: 'contact',
} as const;

describe('error messages never quote the request', () => {
  it('given any JSON value for a variable of any type, when refused, then the message quotes none of it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(VARIABLE_TYPES) as (keyof typeof VARIABLE_TYPES)[])),
        jsonValue,
        (type, value) => {
          const messages = answer(`query ($v: ${type}) { person(${VARIABLE_TYPES[type]}: $v) }`, {
            v: value,
          });
          for (const message of messages) expect(message).toMatch(/^Variable "\$v" /);
          expectNoneEchoed(messages, JSON.stringify(value));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('given any JSON value inside an otherwise valid input, when refused, then the message names the path but quotes none of the value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), jsonValue, (field, value) => {
        const messages = answer('query ($i: Person!) { person(input: $i) }', {
          i: { name: 'x', [field]: value },
        });
        expectNoneEchoed(messages, JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('given any literal for any argument, when validated, then no message quotes it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('input', 'name', 'age', 'region', 'ids', 'at', 'born'),
        literal,
        (argument, value) => {
          const query = `{ person(${argument}: ${value}) }`;
          expectNoneEchoed(answer(query), value);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('given a value where the document expects something else, when parsed, then the syntax error quotes none of it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('{ person %s }', '{ %s }', 'query %s { __typename }', '{ person(name: "x" %s) }'),
        fc.oneof(
          marked.map((text) => JSON.stringify(text)),
          marked.map((text) => `"""${text.replaceAll('"""', '')}"""`),
          bigNumber.map(String),
          bigNumber.map((number) => `${number}.5`),
        ),
        (template, token) => {
          const query = template.replace('%s', token);
          expectNoneEchoed(answer(query), token);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    [
      'a number where a string belongs',
      'query ($i: Person!) { person(input: $i) }',
      { i: { name: 'x', contact: { phone: 420123456789 } } },
      'Variable "$i" got an invalid value at "i.contact.phone"; String cannot represent a non string value.',
    ],
    [
      'a list of names where a string belongs',
      'query ($n: String!) { person(name: $n) }',
      { n: ['Jana Novakova'] },
      'Variable "$n" got an invalid value; String cannot represent a non string value.',
    ],
    [
      'a name where an enum value belongs',
      'query ($i: Person!) { person(input: $i) }',
      { i: { name: 'x', region: 'Jana Novakova' } },
      'Variable "$i" got an invalid value at "i.region"; Value does not exist in "Region" enum.',
    ],
    [
      'an unknown key',
      'query ($i: Person!) { person(input: $i) }',
      { i: { name: 'x', 'jana@example.org': 1 } },
      'Variable "$i" got an invalid value; A field is not defined by type "Person".',
    ],
    [
      'a number too large for Int',
      'query ($a: Int) { person(age: $a) }',
      { a: 420123456789 },
      'Variable "$a" got an invalid value; Int cannot represent non 32-bit signed integer value.',
    ],
  ])(
    'given %s in a variable, then the message keeps the path and the type',
    (_case, query, variables, message) => {
      expect(answer(query, variables)).toEqual([message]);
    },
  );

  it.each([
    [
      'a string where an input belongs',
      '{ person(input: "Jana Novakova 1990-05-05 jana@example.org") }',
      'Expected value of type "Person".',
    ],
    [
      'a list where a string belongs',
      '{ person(name: ["Jana Novakova"]) }',
      'String cannot represent a non string value.',
    ],
    [
      'a string where an enum belongs',
      '{ person(region: "Jana") }',
      'Enum "Region" cannot represent non-enum value.',
    ],
    [
      'a misspelt enum value',
      '{ person(region: PRAUGE) }',
      'Value does not exist in "Region" enum. Did you mean the enum value "PRAGUE"?',
    ],
    [
      'a string in the wrong place',
      '{ person "Jana Novakova" }',
      'Syntax Error: Expected Name, found String.',
    ],
    ['a number in the wrong place', '{ 420123456789 }', 'Syntax Error: Expected Name, found Int.'],
  ])('given %s inline, then the message keeps the type but not the literal', (_case, query, message) => {
    expect(answer(query)).toEqual([message]);
  });

  it("given a custom scalar's own error, when refusing a variable or a literal, then only the type is named", () => {
    expect(answer('query ($c: Code) { person(code: $c) }', { c: 'Jana Novakova' })).toEqual([
      'Variable "$c" got an invalid value; Expected type "Code".',
    ]);
    expect(answer('{ person(code: "Jana Novakova") }')).toEqual(['Expected value of type "Code".']);
  });

  it('given an operation name that is not in the document, then the name is not quoted', () => {
    const formatted = formatGraphQLError({
      message: 'Unknown operation named "Jana Novakova".',
      extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
    });
    expect(formatted.message).not.toContain('Jana');
  });

  it('given a message of an unknown shape quoting a value, when formatted, then a generic one names the variable, path and type', () => {
    const formatted = formatGraphQLError({
      message: 'Variable "$i" was odd at "i.phone" for type "String": "jana@example.org"',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(formatted.message).toBe(
      'Variable "$i" got an invalid value at "i.phone"; expected type "String".',
    );
  });

  it("given the API's own refusals, when formatted, then their messages pass unchanged", () => {
    for (const [code, message] of [
      ['BAD_USER_INPUT', 'Invalid input: name should not be empty; contact.email must be an email'],
      ['BAD_USER_INPUT', 'first: must be between 1 and 50'],
      ['BAD_USER_INPUT', 'Invalid input: priority must be one of: 1, 2, 3'],
      ['GRAPHQL_VALIDATION_FAILED', 'Cannot query field "nmae" on type "Client". Did you mean "name"?'],
      [
        'GRAPHQL_VALIDATION_FAILED',
        'Field "client" of type "Client" must have a selection of subfields. Did you mean "client { ... }"?',
      ],
      ['GRAPHQL_VALIDATION_FAILED', 'Unknown argument "frist" on field "Query.clients".'],
      ['GRAPHQL_PARSE_FAILED', 'Syntax Error: Expected Name, found <EOF>.'],
      ['GRAPHQL_PARSE_FAILED', 'Syntax Error: Expected ":", found Name "x".'],
    ] as const) {
      expect(formatGraphQLError({ message, extensions: { code } }).message).toBe(message);
    }
  });

  it('given a refusal Apollo sends with a 4xx status but no code, when formatted, then it is BAD_REQUEST, not an internal error', () => {
    const error = new GraphQLError('provided sha does not match query', {
      extensions: { http: { status: 400 } },
    });
    expect(
      formatGraphQLError({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error),
    ).toEqual({ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } });
  });

  it('given an unexpected error, when formatted, then it is still an internal error without its message', () => {
    const error = new GraphQLError('no row for Jana Novakova', { originalError: new Error('boom') });
    expect(
      formatGraphQLError({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error),
    ).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});

describe('what the log may say of an error the client reads as internal', () => {
  it.each([
    [
      'Cannot return null for non-nullable field ReminderConnection.totalCount.',
      'Cannot return null for non-nullable field ReminderConnection.totalCount.',
    ],
    [
      'Int cannot represent non-integer value: 5',
      'Int cannot represent non-integer value (value kind: bigint)',
    ],
    [
      'Int cannot represent non-integer value: "Zainab Rahimi"',
      'Int cannot represent non-integer value (value kind: string)',
    ],
    [
      'Int cannot represent non 32-bit signed integer value: 4294967296',
      'Int cannot represent non 32-bit signed integer value (value kind: number)',
    ],
    [
      'String cannot represent value: { name: "Zainab" }',
      'String cannot represent value (value kind: object)',
    ],
    ['Date cannot represent value: [1, 2]', 'Date cannot represent value (value kind: array)'],
    [
      'Enum "Region" cannot represent value: "MARS"',
      'Enum "Region" cannot represent value (value kind: string)',
    ],
    [
      'Int cannot represent non-integer value: 2.5',
      'Int cannot represent non-integer value (value kind: number)',
    ],
    [
      'Expected Iterable, but did not find one for field "Query.clients".',
      'Expected Iterable, but did not find one for field "Query.clients".',
    ],
    ['no row for Zainab Rahimi', null],
  ])('given %j, then the fault is %j', (message, fault) => {
    expect(completionFault(message)).toBe(fault);
  });

  it('given coded refusals, domain rejections and uncoded errors, then only the uncoded are masked', () => {
    const masked = (code?: string) =>
      isMaskedError(new GraphQLError('x', code === undefined ? {} : { extensions: { code } }));
    expect([
      masked('NOT_FOUND'),
      masked('CONSENT.NOT_IN_FORCE'),
      masked(),
      masked('INTERNAL_SERVER_ERROR'),
    ]).toEqual([false, false, true, true]);
  });
});

describe('the field a refused value names', () => {
  const fieldsOf = (document: string): unknown[] =>
    validate(schema, parse(document)).map(
      (error) =>
        formatGraphQLError(
          { message: error.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
          error,
        ).extensions?.fields,
    );

  it('given invalid literals, then each names its object field path, or the argument it is', () => {
    expect(
      fieldsOf(`{ person(
        input: { name: "A", born: "2026-02-30", region: MARS, contact: { email: 5 } }
        born: "2026-13-01"
      ) }`),
    ).toEqual([
      [expect.objectContaining({ field: 'born' })],
      [expect.objectContaining({ field: 'region' })],
      [expect.objectContaining({ field: 'contact.email' })],
      [expect.objectContaining({ field: 'born' })],
    ]);
  });

  it('given a hundred invalid literals in one small document, then every one is named; in a large one, none', () => {
    const fields = Array.from({ length: 100 }, (_, index) => `p${index}: person(born: "2026-02-30")`);
    const born: unknown = expect.objectContaining({ field: 'born' });
    const named = Array.from({ length: 100 }, () => [born]);
    expect(fieldsOf(`{ ${fields.join(' ')} }`)).toEqual(named);
    // Over 10,000 bytes the document is not parsed again for it: the errors keep their messages and locations.
    const padded = `{ ${fields.join(' ')} }\n#${'-'.repeat(10_000)}`;
    expect(fieldsOf(padded)).toEqual(Array.from({ length: 100 }, () => undefined));
  });

  it('given a refused variable, then the path inside it is the field, or the variable itself', () => {
    const document = parse('query ($input: Person, $born: Date) { person(input: $input, born: $born) }');
    const definitions = document.definitions[0] as { variableDefinitions: readonly VariableDefinitionNode[] };
    const refused = getVariableValues(schema, definitions.variableDefinitions, {
      input: { name: 'A', contact: { phone: 5 } },
      born: '2026-02-30',
    });
    const errors = 'errors' in refused ? (refused.errors ?? []) : [];
    expect(
      errors.map(
        (error) =>
          formatGraphQLError({ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }, error)
            .extensions?.fields,
      ),
    ).toEqual([
      [expect.objectContaining({ field: 'contact.phone' })],
      [expect.objectContaining({ field: 'born' })],
    ]);
  });
});
