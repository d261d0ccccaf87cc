import { buildSchema, parse, validate } from 'graphql';
import { depthLimitRule, MAX_QUERY_DEPTH } from './graphql-limits';

const schema = buildSchema(`
  type Person { name: String, friends: [Person] }
  type Query { person: Person }
`);

const nested = (depth: number): string =>
  `{ person { ${'friends { '.repeat(depth - 1)}name${' }'.repeat(depth - 1)} } }`;

describe('depth limit', () => {
  it(`given a query ${MAX_QUERY_DEPTH} levels deep, when validated, then it passes`, () => {
    expect(validate(schema, parse(nested(MAX_QUERY_DEPTH)), [depthLimitRule])).toEqual([]);
  });

  it('given a query one level deeper than the limit, when validated, then it is refused', () => {
    const errors = validate(schema, parse(nested(MAX_QUERY_DEPTH + 1)), [depthLimitRule]);
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/exceeds maximum operation depth/),
    ]);
  });
});
