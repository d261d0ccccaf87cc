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
