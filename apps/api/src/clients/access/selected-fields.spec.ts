import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { fieldsSelectedOn, operationLabel } from './selected-fields';

const schema = buildSchema(`
  type Contact { email: String phone: String }
  type Client { id: ID! name: String contact: Contact dateOfBirth: String region: String }
  type Query { client: Client clients: [Client!]! }
`);
const PERSONAL = ['name', 'contact', 'dateOfBirth'];

/** Runs `document` and returns what each `Client.name` resolution saw as selected, and the operation label. */
async function selectedWhenResolvingName(document: ReturnType<typeof parse>): Promise<string[][]> {
  const seen: string[][] = [];
  const client = { id: 'c1' };
  await execute({
    schema,
    document,
    rootValue: { client, clients: [client] },
    fieldResolver: (source: Record<string, unknown>, _args, _context, info: GraphQLResolveInfo) => {
      if (info.parentType.name === 'Client' && info.fieldName === 'name') {
        seen.push([operationLabel(info), ...fieldsSelectedOn(info, 'Client', PERSONAL)]);
        return 'x';
      }
      return source[info.fieldName] ?? null;
    },
  });
  return seen;
}

describe('fieldsSelectedOn', () => {
  it('given the same parsed document run twice (as Apollo reuses it), then each run sees the same fields', async () => {
    const document = parse(
      `query { client { id name ...more } } fragment more on Client { contact { email } }`,
    );
    const first = await selectedWhenResolvingName(document);
    const second = await selectedWhenResolvingName(document);
    expect(first).toEqual([['query client', 'name', 'contact']]);
    expect(second).toEqual(first);
  });

  it('given two root fields of one document under aliases, then each sees only what its own root field selects', async () => {
    const document = parse(`query { a: client { name } b: clients { name dateOfBirth } }`);
    expect(await selectedWhenResolvingName(document)).toEqual([
      ['query client', 'name'],
      ['query clients', 'name', 'dateOfBirth'],
    ]);
  });

  it('given another document with the same text, then the walk is its own and agrees', async () => {
    const text = `query { client { name dateOfBirth } }`;
    expect(await selectedWhenResolvingName(parse(text))).toEqual([['query client', 'name', 'dateOfBirth']]);
    expect(await selectedWhenResolvingName(parse(text))).toEqual([['query client', 'name', 'dateOfBirth']]);
  });
});

describe('the root field behind fragments on the root type', () => {
  it.each([
    ['an inline fragment', `query { ... on Query { client { name contact { email } } } }`],
    ['a fragment spread', `query { ...top } fragment top on Query { client { name contact { email } } }`],
    [
      'one field merged from two places',
      `query { client { name } ...top } fragment top on Query { client { contact { email } } }`,
    ],
  ])(
    'given %s, when a personal field resolves, then the walk finds every field and the operation',
    async (_, text) => {
      expect(await selectedWhenResolvingName(parse(text))).toEqual([['query client', 'name', 'contact']]);
    },
  );

  it('given a root field wrapped in a fragment, when its own resolver asks, then it sees what is selected under it', async () => {
    const seen: string[][] = [];
    await execute({
      schema,
      document: parse(`query { ...top } fragment top on Query { client { id dateOfBirth } }`),
      rootValue: {},
      fieldResolver: (source: Record<string, unknown>, _args, _context, info: GraphQLResolveInfo) => {
        if (info.parentType.name === 'Query' && info.fieldName === 'client') {
          seen.push([operationLabel(info), ...fieldsSelectedOn(info, 'Client', PERSONAL)]);
          return { id: 'c1' };
        }
        return source[info.fieldName] ?? null;
      },
    });
    expect(seen).toEqual([['query client', 'dateOfBirth']]);
  });
});
