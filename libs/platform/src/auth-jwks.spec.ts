import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type JWTPayload,
  type KeyLike,
} from 'jose';
import {
  AuthenticationError,
  IdentityProviderUnavailableError,
  jwksVerifier,
  type TokenVerifier,
} from './auth';

const KID = 'pruvodce-signing-1';
const IDENTITY_PROVIDER = 'https://id.example.org/realms/pruvodce';

/** A token as an identity provider issues it for this API; the header and claims can be changed per case. */
function providerToken(claims: JWTPayload = {}, header: { alg?: string; kid?: string } = {}): SignJWT {
  return new SignJWT({ role: 'COORDINATOR', regions: ['PRAGUE'], ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: KID, ...header })
    .setSubject('alice')
    .setIssuer(IDENTITY_PROVIDER)
    .setAudience('pruvodce-api')
    .setIssuedAt()
    .setExpirationTime('1h');
}

const refusal = (reason: string) => ({ name: 'AuthenticationError', code: 'UNAUTHENTICATED', reason });

describe('RS256 tokens through a JWKS endpoint', () => {
  let server: Server;
  let jwksUrl: string;
  let jwksRequests = 0;
  let providerKey: KeyLike;
  let providerPublicKey: KeyLike;
  let verifier: TokenVerifier;
  /** What the endpoint serves; a case may change it (a key withdrawn) and must put it back. */
  let jwks: string;

  beforeAll(async () => {
    const served = await generateKeyPair('RS256');
    providerKey = served.privateKey;
    providerPublicKey = served.publicKey;
    jwks = JSON.stringify({
      keys: [{ ...(await exportJWK(served.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }],
    });
    server = createServer((request, response) => {
      if (request.url !== '/jwks.json') {
        response.writeHead(404).end();
        return;
      }
      jwksRequests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(async () => {
    // Keep-alive connections of the JWKS client would otherwise hold close() open.
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error === undefined ? resolve() : reject(error))),
    );
  });

  beforeEach(() => {
    verifier = jwksVerifier(jwksUrl);
  });

  it('given a token signed with the served key, when verified, then the principal carries subject, role and regions', async () => {
    const token = await providerToken({ regions: ['PRAGUE', 'LIBEREC'] }).sign(providerKey);
    await expect(verifier.verify(token)).resolves.toEqual({
      subject: 'alice',
      role: 'COORDINATOR',
      regions: ['PRAGUE', 'LIBEREC'],
    });
  });

  it('given a token signed by another RSA key under the served kid, when verified, then it is rejected', async () => {
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    const token = await providerToken({ role: 'ADMIN', regions: [] }).sign(otherKey);
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(verifier.verify(token)).rejects.toMatchObject(refusal('invalid or expired token'));
  });

  it('given an expired token signed with the served key, when verified, then it is rejected', async () => {
    const token = await providerToken()
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(providerKey);
    await expect(verifier.verify(token)).rejects.toThrow('invalid or expired token');
  });

  it('given a token signed with the served key but without an expiry, when verified, then it is rejected', async () => {
    const token = await new SignJWT({ role: 'ADMIN', regions: [] })
      .setProtectedHeader({ alg: 'RS256', kid: KID })
      .setSubject('alice')
      .setIssuer(IDENTITY_PROVIDER)
      .setAudience('pruvodce-api')
      .sign(providerKey);
    await expect(verifier.verify(token)).rejects.toMatchObject(refusal('invalid or expired token'));
  });

  it('given an expected issuer, when tokens are verified, then only those naming it are accepted', async () => {
    const bound = jwksVerifier(jwksUrl, IDENTITY_PROVIDER);
    await expect(bound.verify(await providerToken().sign(providerKey))).resolves.toMatchObject({
      subject: 'alice',
    });
    const otherRealm = await providerToken()
      .setIssuer('https://id.example.org/realms/other')
      .sign(providerKey);
    await expect(bound.verify(otherRealm)).rejects.toMatchObject(refusal('invalid or expired token'));
    await expect(verifier.verify(otherRealm)).resolves.toMatchObject({ subject: 'alice' });
  });

  it('given a remembered token whose key the provider withdraws, when the key set is due again, then it is refused', async () => {
    const served = jwks;
    const start = Date.now();
    // Only the clock is faked: the key set is still fetched over real sockets and timers.
    jest.useFakeTimers({
      now: start,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    try {
      const token = await providerToken().setExpirationTime('2h').sign(providerKey);
      await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'alice' });
      jwks = JSON.stringify({ keys: [] });

      jest.setSystemTime(start + 5 * 60_000);
      await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'alice' });

      jest.setSystemTime(start + 11 * 60_000);
      await expect(verifier.verify(token)).rejects.toMatchObject(refusal('invalid or expired token'));
    } finally {
      jest.useRealTimers();
      jwks = served;
    }
  });

  it('given a token for another audience, when verified, then it is rejected', async () => {
    const token = await providerToken().setAudience('another-api').sign(providerKey);
    await expect(verifier.verify(token)).rejects.toMatchObject(refusal('invalid or expired token'));
  });

  it('given a token with an unknown role, when verified, then it is rejected as on the HS256 path', async () => {
    const token = await providerToken({ role: 'SUPERUSER', regions: [] }).sign(providerKey);
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(AuthenticationError);
    await expect(verifier.verify(token)).rejects.toThrow('token has no known role');
  });

  it('given a token naming an unknown region, when verified, then it is rejected', async () => {
    const token = await providerToken({ regions: ['PRAGUE', 'MORAVIA'] }).sign(providerKey);
    await expect(verifier.verify(token)).rejects.toMatchObject(refusal('token names an unknown region'));
  });

  it('given a token without a subject, when verified, then it is rejected', async () => {
    const token = await providerToken().setSubject('').sign(providerKey);
    await expect(verifier.verify(token)).rejects.toMatchObject(refusal('token has no subject'));
  });

  it('given an HS256 token under the served kid, when verified, then it is rejected', async () => {
    const token = await providerToken({ role: 'ADMIN', regions: [] }, { alg: 'HS256' }).sign(
      new TextEncoder().encode('a-shared-secret-that-is-long-enough-for-hs256'),
    );
    await expect(verifier.verify(token)).rejects.toMatchObject(refusal('invalid or expired token'));
  });

  it('given an HS256 token keyed with the published public key, when verified, then it is rejected', async () => {
    const publicKeyBytes = new TextEncoder().encode(await exportSPKI(providerPublicKey));
    const token = await providerToken({ role: 'ADMIN', regions: [] }, { alg: 'HS256' }).sign(publicKeyBytes);
    await expect(verifier.verify(token)).rejects.toMatchObject(refusal('invalid or expired token'));
  });

  it('given an unsigned token (alg none), when verified, then it is rejected', async () => {
    const token = new UnsecuredJWT({ role: 'ADMIN', regions: [] })
      .setSubject('mallory')
      .setAudience('pruvodce-api')
      .setExpirationTime('1h')
      .encode();
    await expect(verifier.verify(token)).rejects.toMatchObject(refusal('invalid or expired token'));
  });

  it('given tokens whose kid is not in the JWKS, when verified, then they are rejected without asking the endpoint for each', async () => {
    await verifier.verify(await providerToken().sign(providerKey));
    const requestsBefore = jwksRequests;
    const token = await providerToken({}, { kid: 'pruvodce-signing-retired' }).sign(providerKey);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await expect(verifier.verify(token)).rejects.toMatchObject(refusal('invalid or expired token'));
    }
    expect(jwksRequests - requestsBefore).toBeLessThanOrEqual(1);
  });

  it('given an unreachable JWKS endpoint, when a token is verified, then the identity provider is reported unavailable, not the token bad', async () => {
    const unreachable = createServer();
    await new Promise<void>((resolve) => unreachable.listen(0, '127.0.0.1', resolve));
    const { port } = unreachable.address() as AddressInfo;
    await new Promise<void>((resolve) => unreachable.close(() => resolve()));
    const token = await providerToken().sign(providerKey);
    await expect(jwksVerifier(`http://127.0.0.1:${port}/jwks.json`).verify(token)).rejects.toBeInstanceOf(
      IdentityProviderUnavailableError,
    );
  });

  it.each([
    ['answers 503', 503, '{"error":"maintenance"}'],
    ['serves something that is not a key set', 200, '<html>sign in</html>'],
  ])(
    'given a JWKS endpoint that %s, when a token is verified, then the identity provider is reported unavailable',
    async (_case, status, body) => {
      const failing = createServer((_request, response) => response.writeHead(status).end(body));
      await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = failing.address() as AddressInfo;
        const token = await providerToken().sign(providerKey);
        const outcome = jwksVerifier(`http://127.0.0.1:${port}/jwks.json`).verify(token);
        await expect(outcome).rejects.toBeInstanceOf(IdentityProviderUnavailableError);
        await expect(outcome).rejects.toMatchObject({ code: 'AUTH.PROVIDER_UNAVAILABLE' });
      } finally {
        failing.closeAllConnections();
        await new Promise<void>((resolve) => failing.close(() => resolve()));
      }
    },
  );
});
