import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { startTestApp, type TestApp } from './support/test-app';

/** A port nothing listens on: the identity provider is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('an identity provider that cannot be reached, over HTTP', () => {
  let app: TestApp;
  /** A token as the identity provider would issue it: its key cannot be looked up, so it cannot be checked. */
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ JWT_JWKS_URL: `http://127.0.0.1:${await closedPort()}/jwks.json` });
    const { privateKey } = await generateKeyPair('RS256');
    token = await new SignJWT({ role: 'COORDINATOR', regions: ['PRAGUE'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'provider-key-1' })
      .setSubject('alice')
      .setAudience('pruvodce-api')
      .setExpirationTime('1h')
      .sign(privateKey);
  });

  afterAll(async () => {
    await app.close();
  });

  it('given a signed-in caller, when the key set cannot be fetched, then AUTH.PROVIDER_UNAVAILABLE, not UNAUTHENTICATED', async () => {
    const response = await app.gql('{ me { subject } }', {}, token);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('AUTH.PROVIDER_UNAVAILABLE');
    expect(JSON.stringify(response)).not.toContain(token);
  });

  it('given no token, when asking, then still UNAUTHENTICATED: nothing needed the provider', async () => {
    const response = await app.gql('{ me { subject } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('given a certificate download, when the key set cannot be fetched, then 503 with the code', async () => {
    const response = await fetch(`${app.url}/certificates/PRV-2026-00001.pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(503);
    await expect(response.json()).resolves.toMatchObject({ code: 'AUTH.PROVIDER_UNAVAILABLE' });
  });

  it('given many requests during the outage, then the operator reads one warning, without any token', async () => {
    for (let request = 0; request < 5; request += 1) await app.gql('{ me { subject } }', {}, token);
    const warnings = app.logLines.filter((line) => line.includes('identity provider unreachable'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ level: 'warn' });
    expect(app.logLines.join('\n')).not.toContain(token);
  });
});
