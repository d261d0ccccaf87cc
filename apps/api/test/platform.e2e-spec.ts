import { startTestApp, type TestApp } from './support/test-app';

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

  it('answers liveness', async () => {
    const response = await fetch(`${app.url}/health/live`);
    expect(response.status).toBe(200);
    await expect(response.json()).resolves.toEqual({ status: 'ok' });
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

  it('exposes Prometheus metrics including request latency', async () => {
    await app.gql('{ me { subject } }', {}, await app.token('ADMIN'));
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toContain('pruvodce_graphql_request_duration_seconds_count{operation="query",outcome="ok"}');
    expect(text).toContain('pruvodce_command_outcomes_total');
  });
});
