import type { Runtime } from '../../worker/src/runtime/runtime';
import { MAX_QUERY_DEPTH, MAX_SPREAD_SELECTIONS } from '../src/platform/graphql-limits';
import { fragmentBomb } from '../src/platform/testing/fragment-bomb';
import { RUNTIME } from '../src/platform/tokens';
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

describe('fragments and costly fields over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('given no token and fragments that spread into billions of selections, when sent, then HTTP 400 at once and the server goes on answering', async () => {
    const response = await app.gql(fragmentBomb(12, 8, 'me { subject }'));

    expect(response.status).toBe(400);
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: `The operation makes more than ${MAX_SPREAD_SELECTIONS} selections once its fragments are spread`,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
  });

  it.each([
    ['an unknown fragment', '{ ...Missing }', 'Unknown fragment "Missing".'],
    [
      'fragments spreading each other',
      '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }',
      'Cannot spread fragment "A" within itself via "B".',
    ],
  ])('given %s, when sent, then HTTP 400 naming it, not a server error', async (_, query, message) => {
    const response = await app.gql(query);

    expect(response.status).toBe(400);
    expect(response.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ]),
    );
  });

  it('given an auditor asking for the whole-store integrity walk three times under aliases, when sent, then QUERY_TOO_COMPLEX; twice is answered', async () => {
    const auditor = await app.token('AUDITOR', ['PRAGUE'], 'alias-auditor');

    const three = await app.gql(
      '{ a: integrity { ok } b: integrity { ok } c: integrity { ok } }',
      {},
      auditor,
    );
    const two = await app.gql('{ a: integrity { ok } b: integrity { ok } }', {}, auditor);

    expect(three.status).toBe(400);
    expect(three.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    app.expectNoErrors(two);
  });

  it('given a coordinator reading 300 clients under aliases in one request, when sent, then QUERY_TOO_COMPLEX and no access record is appended', async () => {
    const coordinator = await app.token('COORDINATOR', ['PRAGUE'], 'alias-coordinator');
    const { eventStore } = app.nest.get<typeof RUNTIME, Runtime>(RUNTIME);
    const head = await eventStore.headPosition();
    const aliases = Array.from(
      { length: 300 },
      (_, index) =>
        `c${index}: client(id: "0193a1b2-c3d4-7e5f-8a9b-${String(index).padStart(12, '0')}") { name }`,
    );

    const response = await app.gql(`{ ${aliases.join(' ')} }`, {}, coordinator);

    expect(response.status).toBe(400);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(await eventStore.headPosition()).toBe(head);
  });

  it('given name searches under aliases, each recording a read of every client it lists, when ten full pages are asked for, then QUERY_TOO_COMPLEX and nothing is recorded', async () => {
    const coordinator = await app.token('COORDINATOR', ['PRAGUE'], 'search-coordinator');
    const { eventStore } = app.nest.get<typeof RUNTIME, Runtime>(RUNTIME);
    const head = await eventStore.headPosition();
    const aliases = Array.from(
      { length: 10 },
      (_, index) =>
        `s${index}: clients(first: 100, filter: { namePrefix: "${'abcdefghij'[index]}" }) { totalCount }`,
    );

    const response = await app.gql(`{ ${aliases.join(' ')} }`, {}, coordinator);

    expect(response.status).toBe(400);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(await eventStore.headPosition()).toBe(head);
  });

  it('given a full page of 100 clients with every personal field, when asked for, then it is answered', async () => {
    const coordinator = await app.token('COORDINATOR', ['PRAGUE'], 'page-coordinator');

    const response = await app.gql(
      `{ clients(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
        id name region languages needs status registeredAt departedOn erased countryOfOrigin dateOfBirth
        contact { email phone address } } } } }`,
      {},
      coordinator,
    );

    app.expectNoErrors(response);
  });
});
