import type { Metrics } from '@app/platform';
import type { Runtime } from '../../worker/src/runtime/runtime';
import { ClientReader } from '../src/clients/client-reader';
import { METRICS, RUNTIME } from '../src/platform/tokens';
import { startTestApp, type TestApp } from './support/test-app';

/** The samples of a Prometheus text exposition: name, labels and value of every line that is not a comment. */
function samplesOf(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
      if (match === null) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map(
          ([, label, value]) => [label, value],
        ),
      );
      return { name: match[1] ?? '', labels, value: Number(match[3]) };
    });
}

/** The value of the sample with exactly these labels, 0 when there is none yet (a counter not yet counted). */
function sampleValue(text: string, name: string, labels: Record<string, string>): number {
  const found = samplesOf(text).filter(
    (sample) =>
      sample.name === name &&
      Object.keys(sample.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} with ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

describe('API platform over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('given no token, when asking who I am, then UNAUTHENTICATED', async () => {
    const response = await app.gql('{ me { subject } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data).toBeNull();
  });

  it('given a forged token, when asking who I am, then UNAUTHENTICATED', async () => {
    const response = await app.gql(
      '{ me { subject } }',
      {},
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('given a coordinator token, when asking who I am, then subject, role and regions come back', async () => {
    const token = await app.token('COORDINATOR', ['PRAGUE', 'LIBEREC'], 'alice');
    const response = await app.gql('{ me { subject role regions } }', {}, token);
    expect(response.data).toEqual({
      me: { subject: 'alice', role: 'COORDINATOR', regions: ['PRAGUE', 'LIBEREC'] },
    });
  });

  it('given a malformed query, when sent, then a coded error without a stack trace', async () => {
    const response = await app.gql('{ me { subject ', {}, await app.token('ADMIN'));
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });

  it('given any answer, when sent, then no browser or proxy may store it', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await app.token('ADMIN')}`,
      },
      body: JSON.stringify({ query: '{ me { subject } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const refused = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { subject } }' }),
    });
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('given any answer, when sent, then a browser may not sniff another content type into it', async () => {
    const answers = await Promise.all([
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      }),
      fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }),
      fetch(`${app.url}/health/live`),
      fetch(`${app.url}/metrics`),
      fetch(`${app.url}/no-such-route`),
    ]);
    expect(answers.map((answer) => answer.headers.get('x-content-type-options'))).toEqual(
      answers.map(() => 'nosniff'),
    );
  });

  it('answers liveness', async () => {
    const response = await fetch(`${app.url}/health/live`);
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual({ status: 'ok' });
  });

  it('given the embedded default, when a browser opens /graphql, then the explorer page is served', async () => {
    const response = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/Apollo Sandbox|embeddable-sandbox/i);
  });

  it('given the embedded default, when introspecting with a token, then the schema is described', async () => {
    const response = await app.gql('{ __schema { queryType { name } } }', {}, await app.token('ADMIN'));
    expect(response.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('API hardening over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('given a body over the size limit, when posted, then 413 and nothing runs', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { subject } }`, variables: { padding: 'x'.repeat(200_000) } }),
    });
    expect(response.status).toBe(413);
  });

  it('given an operation costing more than the limit, when sent, then HTTP 400 with QUERY_TOO_COMPLEX and nothing resolves', async () => {
    const page = (alias: string) =>
      `${alias}: clients(first: 100) { totalCount edges { node { id name contact { email phone address }
        dateOfBirth countryOfOrigin departedOn erased region languages needs status registeredAt } } }`;
    const response = await app.gql(
      `{ ${['a', 'b', 'c'].map(page).join(' ')} }`,
      {},
      await app.token('ADMIN'),
    );
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX' });
    expect(response.data ?? null).toBeNull();
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });

  it('exposes Prometheus metrics including request latency', async () => {
    await app.gql('{ me { subject } }', {}, await app.token('ADMIN'));
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toContain('pruvodce_graphql_request_duration_seconds_count{operation="query",outcome="ok"}');
    expect(text).toContain('pruvodce_command_outcomes_total');
    expect(text).toMatch(/pruvodce_projection_lag_events\{projection="clients"\} \d+/);
  });

  it('given a command that succeeds and commands refused by the domain and for a record not found, when /metrics is scraped, then each outcome is counted under its command and code, beside the job and lag families', async () => {
    const token = await app.token('COORDINATOR', ['PRAGUE'], 'metrics-coordinator');
    const scrape = async (): Promise<string> => {
      const response = await fetch(`${app.url}/metrics`);
      expect(response.status).toBe(200);
      return response.text();
    };
    const outcome = (text: string, command: string, code: string): number =>
      sampleValue(text, 'pruvodce_command_outcomes_total', { command, code });
    const before = await scrape();

    const registered = await app.gql<{ registerClient: { client: { id: string } } }>(
      `mutation ($input: RegisterClientInput!) { registerClient(input: $input) { client { id } position } }`,
      {
        input: {
          name: 'Amina Haddad',
          countryOfOrigin: 'SY',
          languages: ['ar'],
          region: 'PRAGUE',
          needs: ['ORIENTATION'],
        },
      },
      token,
    );
    app.expectNoErrors(registered);
    const clientId = registered.data?.registerClient.client.id;
    const rejected = await app.gql(
      `mutation ($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { position } }`,
      { input: { clientId, consentId: 'no-such-consent', method: 'ELECTRONIC' } },
      token,
    );
    const notFound = await app.gql(
      `mutation ($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { position } }`,
      {
        input: {
          clientId: '0190a5c4-0000-7000-8000-000000000000',
          consentId: 'no-such-consent',
          method: 'ELECTRONIC',
        },
      },
      token,
    );
    expect([rejected, notFound].map((response) => response.errors?.[0]?.extensions?.code)).toEqual([
      'CONSENT.NOT_FOUND',
      'NOT_FOUND',
    ]);
    const after = await scrape();

    const counted = (command: string, code: string): number =>
      outcome(after, command, code) - outcome(before, command, code);
    expect({
      registered: counted('RegisterClient', 'OK'),
      rejected: counted('WithdrawConsent', 'CONSENT.NOT_FOUND'),
      notFound: counted('WithdrawConsent', 'NOT_FOUND'),
      withdrawnOk: counted('WithdrawConsent', 'OK'),
    }).toEqual({ registered: 1, rejected: 1, notFound: 1, withdrawnOk: 0 });
    expect(after).toMatch(
      /^pruvodce_command_outcomes_total\{command="RegisterClient",code="OK"\} [1-9]\d*$/m,
    );
    expect(after).toMatch(
      /^pruvodce_command_outcomes_total\{command="WithdrawConsent",code="CONSENT\.NOT_FOUND"\} [1-9]\d*$/m,
    );
    expect(after).toMatch(/^# TYPE pruvodce_command_outcomes_total counter$/m);
    expect(after).toMatch(/^# TYPE pruvodce_job_outcomes_total counter$/m);
    expect(after).toMatch(/^# TYPE pruvodce_projection_lag_events gauge$/m);
  });
});

describe('mutation rate limit over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ MUTATION_RATE_LIMIT: '3' });
  });
  afterAll(async () => {
    await app.close();
  });

  const register = (token: string) =>
    app.gql(
      `mutation ($input: RegisterClientInput!) { registerClient(input: $input) { position } }`,
      {
        input: {
          name: 'Amina Haddad',
          phone: '+420777000111',
          countryOfOrigin: 'SY',
          languages: ['ar'],
          region: 'PRAGUE',
          needs: ['ORIENTATION'],
        },
      },
      token,
    );

  it('given a caller over the per-minute limit, when sending one more mutation, then TOO_MANY_REQUESTS and nothing is appended', async () => {
    const token = await app.token('COORDINATOR', ['PRAGUE'], 'busy-coordinator');
    for (let sent = 0; sent < 3; sent++) expect((await register(token)).errors).toBeUndefined();
    const { eventStore } = app.nest.get<typeof RUNTIME, Runtime>(RUNTIME);
    const head = await eventStore.headPosition();

    const refused = await register(token);

    expect(refused.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
    // The budget is the caller's, whatever the mutation.
    const otherMutation = await app.gql(
      `mutation ($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { position } }`,
      {
        input: {
          name: 'Jana Dvořáková',
          email: 'jana@example.org',
          phone: '+420 600 000 000',
          dateOfBirth: '1990-02-03',
          languages: ['cs'],
          regions: ['PRAGUE'],
          availability: [{ day: 'TUESDAY', part: 'AFTERNOON' }],
          interests: ['CZECH_PRACTICE'],
        },
      },
      token,
    );
    expect(otherMutation.errors?.map((error) => error.extensions?.code)).toEqual(['TOO_MANY_REQUESTS']);
    expect(await eventStore.headPosition()).toBe(head);
    // Queries are not limited, and another caller has a budget of their own.
    expect((await app.gql('{ me { subject } }', {}, token)).data).toEqual({
      me: { subject: 'busy-coordinator' },
    });
    expect(
      (await register(await app.token('COORDINATOR', ['PRAGUE'], 'other-coordinator'))).errors,
    ).toBeUndefined();
  });

  it('given a mutation, when answered, then the response tells the caller how much of the budget is left', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await app.token('COORDINATOR', ['PRAGUE'], 'counting-coordinator')}`,
      },
      body: JSON.stringify({
        query: 'mutation ($input: RegisterClientInput!) { registerClient(input: $input) { position } }',
        variables: {
          input: { name: 'Omar Said', countryOfOrigin: 'SY', languages: ['ar'], region: 'PRAGUE', needs: [] },
        },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit')).toBe('3');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('2');
  });
});

describe('request logs over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('given a mutation carrying personal data, when logged, then the line has the correlation id and codes but none of the data', async () => {
    const token = await app.token('COORDINATOR', ['PRAGUE'], 'logging-coordinator');
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-correlation-id': 'corr-123',
      },
      body: JSON.stringify({
        query: `mutation ($input: RegisterClientInput!) { registerClient(input: $input) { position } }`,
        variables: {
          input: {
            name: 'Zainab Rahimi',
            phone: '+420777123456',
            countryOfOrigin: 'AF',
            languages: ['fa'],
            region: 'PRAGUE',
            needs: [],
          },
        },
      }),
    });
    expect(response.status).toBe(200);

    const line = app.logLines
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.correlationId === 'corr-123');
    expect(line).toMatchObject({
      msg: 'graphql request',
      operation: 'mutation',
      caller: 'logging-coordinator',
    });
    expect(app.logLines.join('\n')).not.toMatch(/Zainab|Rahimi|777123456/);
  });
});

describe('errors, limits and logs over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const entries = (from: number): Record<string, unknown>[] =>
    app.logLines.slice(from).map((text) => JSON.parse(text) as Record<string, unknown>);

  async function post(body: unknown, token?: string, correlationId?: string): Promise<Response> {
    return fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(correlationId === undefined ? {} : { 'x-correlation-id': correlationId }),
      },
      body: JSON.stringify(body),
    });
  }

  it('given refusals (no token, a record not found, invalid input), when answered, then nothing is logged as an error', async () => {
    const from = app.logLines.length;
    const token = await app.token('COORDINATOR', ['PRAGUE']);
    const unauthenticated = await app.gql('{ me { subject } }');
    const notFound = await app.gql(
      '{ client(id: "0190a5c4-0000-7000-8000-000000000000") { id } }',
      {},
      token,
    );
    const invalid = await app.gql(
      `mutation ($input: RegisterClientInput!) { registerClient(input: $input) { position } }`,
      { input: { name: '', countryOfOrigin: 'UA', languages: [], region: 'PRAGUE', needs: [] } },
      token,
    );
    expect(
      [unauthenticated, notFound, invalid].map((response) => response.errors?.[0]?.extensions?.code),
    ).toEqual(['UNAUTHENTICATED', 'NOT_FOUND', 'BAD_USER_INPUT']);
    const logged = entries(from);
    expect(logged.filter((entry) => entry.msg === 'graphql request')).toHaveLength(3);
    expect(logged.filter((entry) => entry.level === 'error')).toEqual([]);
  });

  it('given a resolver failing unexpectedly, when answered, then the caller reads an internal error and one error line says where, not what', async () => {
    const from = app.logLines.length;
    jest
      .spyOn(app.nest.get(ClientReader), 'visible')
      .mockRejectedValueOnce(new RangeError('no row for Zainab Rahimi, +420777123456'));
    const response = await post(
      { query: '{ client(id: "0190a5c4-0000-7000-8000-000000000000") { id } }' },
      await app.token('COORDINATOR', ['PRAGUE']),
      'corr-unexpected-1',
    );
    const body = (await response.json()) as {
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      }),
    ]);
    const errors = entries(from).filter((entry) => entry.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        msg: 'unexpected error in a GraphQL operation',
        correlationId: 'corr-unexpected-1',
        path: 'client',
        err: 'RangeError',
        frames: expect.arrayContaining([expect.stringMatching(/^at /)]),
      }),
    ]);
    expect(app.logLines.slice(from).join('\n')).not.toMatch(/Zainab|Rahimi|777123456/);
  });

  it('given a resolver failing unexpectedly in a test, when its response is expected to carry no errors, then the failure quotes the server log line for that request', async () => {
    jest
      .spyOn(app.nest.get(ClientReader), 'visible')
      .mockRejectedValueOnce(new RangeError('no row for Zainab Rahimi'));
    const token = await app.token('COORDINATOR', ['PRAGUE']);
    const failed = await app.gql('{ client(id: "0190a5c4-0000-7000-8000-000000000000") { id } }', {}, token);
    const answered = await app.gql('{ me { role } }', {}, token);
    expect(() => app.expectNoErrors(failed)).toThrow(
      /INTERNAL_SERVER_ERROR(.|\n)*"msg":"unexpected error in a GraphQL operation"/,
    );
    expect(() => app.expectNoErrors(answered)).not.toThrow();
  });

  it('given a plain HTTP route failing unexpectedly, when answered, then HTTP 500 without the message, and the log names the route', async () => {
    const from = app.logLines.length;
    const metrics = app.nest.get<Metrics>(METRICS);
    jest
      .spyOn(metrics.registry, 'metrics')
      .mockRejectedValueOnce(new Error('scrape failed near Zainab Rahimi'));
    const response = await fetch(`${app.url}/metrics`, {
      headers: { 'x-correlation-id': 'corr-unexpected-2' },
    });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('Zainab');
    const errors = entries(from).filter((entry) => entry.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        msg: 'unexpected error on an HTTP route',
        correlationId: 'corr-unexpected-2',
        route: 'GET /metrics',
        err: 'Error',
        frames: expect.arrayContaining([expect.stringMatching(/^at /)]),
      }),
    ]);
    expect(app.logLines.slice(from).join('\n')).not.toContain('Zainab');
  });

  it('given a named operation sent without operationName, when logged, then the line names the operation', async () => {
    const from = app.logLines.length;
    await app.gql('query Me { me { subject } }', {}, await app.token('ADMIN'));
    expect(entries(from).find((entry) => entry.msg === 'graphql request')).toMatchObject({
      operation: 'query',
      operationName: 'Me',
    });
  });

  it('given readiness failing and recovering, when probed repeatedly, then one warning per change names the checks down', async () => {
    const runtime = app.nest.get<typeof RUNTIME, Runtime>(RUNTIME);
    const from = app.logLines.length;
    const failing = jest
      .spyOn(runtime, 'projectionStatus')
      .mockResolvedValue([{ name: 'clients', position: '0', lag: '0', failing: true }]);
    for (let probe = 0; probe < 3; probe++) expect((await fetch(`${app.url}/health/ready`)).status).toBe(503);
    failing.mockRestore();
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);
    jest.spyOn(runtime.eventStore, 'headPosition').mockRejectedValue(new Error('store gone'));
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(503);
    expect((await fetch(`${app.url}/health/ready`)).status).toBe(503);

    const logged = entries(from);
    expect(logged.filter((entry) => entry.level === 'error')).toEqual([]);
    const readiness = logged.filter((entry) => String(entry.msg).toLowerCase().includes('ready'));
    expect(readiness).toEqual([
      expect.objectContaining({ level: 'warn', down: ['projections'] }),
      expect.objectContaining({ level: 'info' }),
      // Projection lag is measured against the store's head, so they are down with it.
      expect.objectContaining({ level: 'warn', down: ['eventStore', 'projections'] }),
    ]);
    expect(app.logLines.slice(from).join('\n')).not.toMatch(/Zainab|store gone|\{\\?"status/);
  });

  interface ReadinessBody {
    status: string;
    error?: Record<string, { status: string; projections?: unknown[] }>;
    details: Record<string, { status: string; projections?: unknown[] }>;
  }

  it('given a projection more than 10,000 events behind and not failing, when readiness is probed, then 503 and the details name it', async () => {
    const runtime = app.nest.get<typeof RUNTIME, Runtime>(RUNTIME);
    const lagging = { name: 'clients', position: '5', lag: '10001', failing: false };
    const current = { name: 'volunteers', position: '10006', lag: '0', failing: false };
    jest.spyOn(runtime, 'projectionStatus').mockResolvedValue([lagging, current]);

    const response = await fetch(`${app.url}/health/ready`);

    expect(response.status).toBe(503);
    const body = (await response.json()) as ReadinessBody;
    expect(body.status).toBe('error');
    expect(body.details.eventStore?.status).toBe('up');
    expect(body.details.projections).toEqual({ status: 'down', projections: [lagging, current] });
    expect(body.error?.projections?.projections).toEqual(expect.arrayContaining([lagging]));
    expect(Object.keys(body.error ?? {})).toEqual(['projections']);
  });

  it('given a projection exactly 10,000 events behind and not failing, when readiness is probed, then 200', async () => {
    const runtime = app.nest.get<typeof RUNTIME, Runtime>(RUNTIME);
    const atLimit = { name: 'clients', position: '5', lag: '10000', failing: false };
    jest.spyOn(runtime, 'projectionStatus').mockResolvedValue([atLimit]);

    const response = await fetch(`${app.url}/health/ready`);

    expect(response.status).toBe(200);
    const body = (await response.json()) as ReadinessBody;
    expect(body.status).toBe('ok');
    expect(body.details.projections).toEqual({ status: 'up', projections: [atLimit] });
  });
});

describe('production settings over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ NODE_ENV: 'production', DATA_KEY: Buffer.alloc(32, 7).toString('base64') });
  });
  afterAll(async () => {
    await app.close();
  });

  it('given production without GRAPHQL_INTROSPECTION, when introspecting, then it is refused', async () => {
    const response = await app.gql('{ __schema { queryType { name } } }', {}, await app.token('ADMIN'));
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('given production without GRAPHQL_INTROSPECTION, when a field is misspelt, then the refusal suggests no field of the schema', async () => {
    const response = await app.gql('{ clent(id: "x") { name } }');

    expect(response.status).toBe(400);
    expect(response.errors?.map((error) => error.message)).toEqual([
      'Cannot query field "clent" on type "Query".',
    ]);
  });

  it('given production without GRAPHQL_INTROSPECTION, when a variable holds a misspelt enum value or input field, then the refusal names neither the values nor the fields of the schema', async () => {
    const token = await app.token('COORDINATOR', ['PRAGUE']);
    const enumValue = await app.gql(
      'query ($r: Region!) { dashboard(region: $r) { activeVolunteers } }',
      { r: 'PRAG' },
      token,
    );
    const inputField = await app.gql(
      'mutation ($input: RegisterClientInput!) { registerClient(input: $input) { position } }',
      { input: { nam: 'x', countryOfOrigin: 'SY', languages: ['ar'], region: 'PRAGUE', needs: [] } },
      token,
    );

    for (const response of [enumValue, inputField]) {
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(response.errors)).not.toMatch(/Did you mean/);
    }
  });

  it('given production without GRAPHQL_INTROSPECTION, when a browser opens /graphql, then no explorer', async () => {
    const response = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.headers.get('content-type') ?? '').not.toMatch(/^text\/html/);
    expect(await response.text()).not.toMatch(/Apollo Sandbox|embeddable-sandbox/i);
  });

  it('reports readiness with each projection and its lag', async () => {
    const response = await fetch(`${app.url}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      status: string;
      details: Record<string, { status: string; projections?: unknown[] }>;
    };
    expect(body.status).toBe('ok');
    expect(body.details.eventStore?.status).toBe('up');
    expect(body.details.projections?.projections).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'clients', lag: expect.any(String), failing: false }),
      ]),
    );
  });
});

describe('error messages over HTTP', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startTestApp();
    token = await app.token('COORDINATOR', ['PRAGUE']);
  });
  afterAll(async () => {
    await app.close();
  });

  const REGISTER = 'mutation ($i: RegisterClientInput!) { registerClient(input: $i) { position } }';
  const valid = {
    name: 'Amina Haddad',
    countryOfOrigin: 'SY',
    languages: ['ar'],
    region: 'PRAGUE',
    needs: ['ORIENTATION'],
  };
  /** Personal data as a client might send it by mistake, in every shape a JSON value can take. */
  const shapes: [string, unknown][] = [
    ['a number', 420123456789],
    ['a string with a name', 'Jana Novakova 1990-05-05 jana@example.org'],
    ['a list of names', ['Jana Novakova']],
    ['an object', { name: 'Jana Novakova', born: '1990-05-05' }],
    ['a nested object', { contact: { email: 'jana@example.org', phone: [420123456789] } }],
    ['a boolean beside a name', [true, 'Jana Novakova']],
  ];
  const personal = /Jana|Novakova|1990-05-05|jana@example|420123456789/;

  it.each(shapes)(
    'given %s where a string or an enum value belongs, when sent as a variable, then BAD_USER_INPUT names the field and the type, not the value',
    async (_shape, value) => {
      // A string is a valid phone number as far as GraphQL goes, but not a valid region.
      const [field, type] = typeof value === 'string' ? ['region', 'Region'] : ['phone', 'String'];
      const response = await app.gql(REGISTER, { i: { ...valid, [field]: value } }, token);
      expect(response.status).toBe(400);
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      const [error] = response.errors ?? [];
      expect(error?.message).toContain(`"i.${field}"`);
      expect(error?.message).toContain(type);
      expect(JSON.stringify(response)).not.toMatch(personal);
    },
  );

  it.each(shapes)(
    'given %s where a whole input belongs, when sent as a variable, then BAD_USER_INPUT names the variable, not the value',
    async (_shape, value) => {
      const response = await app.gql(REGISTER, { i: value }, token);
      expect(response.errors?.length).toBeGreaterThan(0);
      for (const error of response.errors ?? []) {
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error.message).toContain('"$i"');
      }
      expect(JSON.stringify(response)).not.toMatch(personal);
    },
  );

  it('given a name where a String! variable belongs as a list, when sent, then the name is not echoed', async () => {
    const response = await app.gql(
      'query ($n: String!) { clients(after: $n) { totalCount } }',
      { n: ['Jana Novakova'] },
      token,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(/"\$n".*String/);
    expect(JSON.stringify(response)).not.toMatch(personal);
  });

  it.each([
    ['a string', '"Jana Novakova 1990-05-05 jana@example.org"'],
    ['a number', '420123456789'],
    ['a list', '["Jana Novakova", 420123456789]'],
    ['an object with a wrong field value', '{ name: ["Jana Novakova"], countryOfOrigin: "SY" }'],
  ])(
    'given %s inline where an input belongs, when validated, then the type is named and the literal is not',
    async (_shape, literal) => {
      const response = await app.gql(
        `mutation { registerClient(input: ${literal}) { position } }`,
        {},
        token,
      );
      expect(response.errors?.length).toBeGreaterThan(0);
      for (const error of response.errors ?? []) {
        expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
      expect(response.errors?.map((error) => error.message).join('\n')).toMatch(/RegisterClientInput|String/);
      expect(JSON.stringify(response)).not.toMatch(personal);
    },
  );

  it('given a string where the document expects a field, when parsed, then the syntax error does not quote it', async () => {
    const response = await app.gql('{ me "Jana Novakova" }', {}, token);
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/^Syntax Error/);
    expect(JSON.stringify(response)).not.toMatch(personal);
  });

  it('given an operationName that is not in the document, when sent, then the name is not echoed', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query Me { me { subject } }', operationName: 'Jana Novakova' }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBeDefined();
    expect(JSON.stringify(body)).not.toMatch(personal);
  });

  it('given a persisted query whose hash does not match its text, when sent, then 400 with BAD_REQUEST', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: '{ me { subject } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } },
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_REQUEST']);
  });

  it('given an impossible date and time, when sent, then BAD_USER_INPUT naming the field', async () => {
    const response = await app.gql(
      'query ($at: DateTime!) { consentStateAt(at: $at, clientId: "0190a5c4-0000-7000-8000-000000000000") { clientId } }',
      { at: '2026-02-30T10:00:00Z' },
      token,
    );
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.message).toContain('"$at"');
    expect(JSON.stringify(response)).not.toContain('2026-02-30');
  });
});

describe('refused HTTP bodies', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const errorsOf = async (response: Response) =>
    ((await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] }).errors;

  it('given a body that is not JSON, when posted, then 400 with a coded GraphQL error that does not quote it', async () => {
    const response = await post('{"query": "{ me { subject } }", Jana Novakova');
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    expect(body.errors).toEqual([{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }]);
    expect(JSON.stringify(body)).not.toMatch(/Jana|Novakova/);
  });

  it('given a body over the size limit, when posted, then 413 with a coded GraphQL error', async () => {
    const response = await post(
      JSON.stringify({ query: '{ me { subject } }', variables: { padding: 'x'.repeat(200_000) } }),
    );
    expect(response.status).toBe(413);
    const body = (await response.json()) as {
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    expect(body.errors).toEqual([{ message: expect.any(String), extensions: { code: 'PAYLOAD_TOO_LARGE' } }]);
  });

  it('given a body that is not JSON at all, when posted as XML, then 415 with a coded GraphQL error', async () => {
    const response = await post('<name>Jana Novakova</name>', 'application/xml');
    expect(response.status).toBe(415);
    expect(await errorsOf(response)).toEqual([
      { message: expect.any(String), extensions: { code: 'BAD_REQUEST' } },
    ]);
  });

  it('given an empty JSON body, when posted, then 400 with a coded GraphQL error', async () => {
    const response = await post('');
    expect(response.status).toBe(400);
    expect(await errorsOf(response)).toEqual([
      { message: expect.any(String), extensions: { code: 'BAD_REQUEST' } },
    ]);
  });

  it('given refused bodies, when answered, then nothing is logged as an error and the route still answers GraphQL', async () => {
    const from = app.logLines.length;
    await post('{"query": ');
    await post(JSON.stringify({ query: '{ me { subject } }', variables: { padding: 'x'.repeat(200_000) } }));
    const logged = app.logLines.slice(from).map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(logged.filter((entry) => entry.level === 'error')).toEqual([]);
    expect((await app.gql('{ me { subject } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
