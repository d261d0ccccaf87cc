import { MAX_QUERY_DEPTH } from '../src/platform/graphql-limits';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A query whose deepest field lies `depth` selections below its first: `me`, `subject`, then `level` fields.
 * The schema has no cycles (its deepest selection is a client's contact, four levels down), so no query deeper
 * than the limit can be valid: past `subject`, a String, each level is also refused as a selection on a scalar,
 * once. What tells the depth limit apart is whether its own refusal is among the errors.
 */
const nested = (depth: number, name = 'Deep'): string => {
  const fields = ['me', 'subject', ...Array.from({ length: depth - 1 }, () => 'level')];
  return `query ${name} { ${fields.reduceRight((inner, field) => (inner === '' ? field : `${field} { ${inner} }`), '')} }`;
};

const DEPTH_REFUSAL = new RegExp(`exceeds maximum operation depth of ${MAX_QUERY_DEPTH}$`);

describe('query depth limit over HTTP', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startTestApp();
    token = await app.token('COORDINATOR', ['PRAGUE'], 'depth-coordinator');
  });
  afterAll(async () => {
    await app.close();
  });

  it(`given a query ${MAX_QUERY_DEPTH + 1} levels deep, when sent, then HTTP 400 with GRAPHQL_VALIDATION_FAILED naming the depth limit, nothing resolved and no stack trace`, async () => {
    const response = await app.gql(nested(MAX_QUERY_DEPTH + 1), {}, token);

    expect(response.status).toBe(400);
    expect(response.data ?? null).toBeNull();
    const refusals = (response.errors ?? []).filter((error) => DEPTH_REFUSAL.test(error.message));
    expect(refusals).toEqual([
      {
        message: `'Deep' exceeds maximum operation depth of ${MAX_QUERY_DEPTH}`,
        locations: [expect.objectContaining({ line: 1 })],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
    expect(response.errors?.every((error) => error.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(
      true,
    );
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|exception|\bat .*\.[jt]s:\d+/);
  });

  it('given a query far deeper than the limit, when sent, then one depth refusal for the operation and no stack trace', async () => {
    const response = await app.gql(nested(200, 'VeryDeep'), {}, token);

    expect(response.status).toBe(400);
    expect(response.errors?.filter((error) => DEPTH_REFUSAL.test(error.message))).toEqual([
      expect.objectContaining({
        message: `'VeryDeep' exceeds maximum operation depth of ${MAX_QUERY_DEPTH}`,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|exception|\bat .*\.[jt]s:\d+/);
  });

  it(`given a query exactly ${MAX_QUERY_DEPTH} levels deep, when sent, then the depth limit does not refuse it`, async () => {
    const response = await app.gql(nested(MAX_QUERY_DEPTH), {}, token);

    expect(response.errors?.map((error) => error.message)).toEqual([
      'Field "subject" must not have a selection since type "String!" has no subfields.',
    ]);
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('given the deepest query the schema allows, when sent, then it is answered', async () => {
    const response = await app.gql(
      'query Deepest { clients(first: 1) { edges { node { contact { email } } } } me { subject } }',
      {},
      token,
    );

    app.expectNoErrors(response);
    expect(response.data).toEqual({ clients: { edges: [] }, me: { subject: 'depth-coordinator' } });
  });
});
