import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';

export const ROLES = ['COORDINATOR', 'AUDITOR', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];
export const REGIONS = ['PRAGUE', 'CENTRAL_BOHEMIA', 'LIBEREC'] as const;
export type Region = (typeof REGIONS)[number];

/** Who is calling, as proven by the bearer token. */
export interface Principal {
  readonly subject: string;
  readonly role: Role;
  /** Regions a coordinator serves; auditors and admins are not limited by region. */
  readonly regions: readonly Region[];
}

export class AuthenticationError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(readonly reason: string) {
    super(`Not authenticated: ${reason}`);
    this.name = 'AuthenticationError';
  }
}

/**
 * The identity provider's key endpoint could not be read (unreachable, too slow, or not serving a key set):
 * nothing is known about the token. Told apart from a bad token so that an outage does not read as every
 * caller's sign-in having failed.
 */
export const IDENTITY_PROVIDER_UNAVAILABLE = 'AUTH.PROVIDER_UNAVAILABLE';

export class IdentityProviderUnavailableError extends Error {
  readonly code = IDENTITY_PROVIDER_UNAVAILABLE;
  constructor() {
    super('The identity provider cannot be reached');
    this.name = 'IdentityProviderUnavailableError';
  }
}

const ISSUER = 'pruvodce';
const AUDIENCE = 'pruvodce-api';

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

function toPrincipal(payload: JWTPayload): Principal {
  const role = payload.role;
  if (typeof payload.sub !== 'string' || payload.sub === '')
    throw new AuthenticationError('token has no subject');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
    throw new AuthenticationError('token has no known role');
  const regions = Array.isArray(payload.regions) ? payload.regions : [];
  if (
    !regions.every(
      (region): region is Region =>
        typeof region === 'string' && (REGIONS as readonly string[]).includes(region),
    )
  ) {
    throw new AuthenticationError('token names an unknown region');
  }
  return { subject: payload.sub, role: role as Role, regions };
}

/** Tokens verified recently, so that a client's every request does not check the same signature again. */
const VERIFIED_TOKENS_KEPT = 1000;

/**
 * How long a token checked against an identity provider's keys is taken on trust: as long as jose keeps the
 * key set before fetching it again (its `cacheMaxAge`). A key the provider withdraws then stops admitting
 * tokens within that time, as it would for tokens not seen before.
 */
const JWKS_KEYS_KEPT_MS = 10 * 60_000;

/**
 * Verifies with `check` and remembers the principal of a valid token until the token expires, or for
 * `rememberAtMostMs` if that is sooner. Only the exact token string that passed `check` is found again, so
 * nothing unsigned can get in through the cache. Both checks require an expiry: a bearer token that never
 * expires would stay usable for as long as it leaks.
 */
function rememberingVerifier(
  check: (token: string) => Promise<JWTPayload>,
  rememberAtMostMs = Number.POSITIVE_INFINITY,
): TokenVerifier {
  const verified = new Map<string, { readonly principal: Principal; readonly expiresAtMs: number }>();
  return {
    async verify(token) {
      const known = verified.get(token);
      if (known !== undefined) {
        if (Date.now() < known.expiresAtMs) return known.principal;
        verified.delete(token);
      }
      let payload: JWTPayload;
      try {
        payload = await check(token);
      } catch (error) {
        if (error instanceof IdentityProviderUnavailableError) throw error;
        throw new AuthenticationError('invalid or expired token');
      }
      const principal = toPrincipal(payload);
      if (typeof payload.exp === 'number') {
        if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value as string);
        verified.set(token, {
          principal,
          expiresAtMs: Math.min(payload.exp * 1000, Date.now() + rememberAtMostMs),
        });
      }
      return principal;
    },
  };
}

/** HS256 with a shared secret (embedded default and simple deployments). */
export function hs256Verifier(secret: string): TokenVerifier {
  const key = new TextEncoder().encode(secret);
  return rememberingVerifier(
    async (token) =>
      (
        await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['exp'],
        })
      ).payload,
  );
}

/**
 * RS256 through an identity provider's JWKS endpoint. With `issuer`, a token must name that provider in `iss`:
 * a key set shared by several realms or tenants then admits only this one's tokens.
 */
export function jwksVerifier(jwksUrl: string, issuer?: string): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: JWKS_KEYS_KEPT_MS });
  return rememberingVerifier(async (token) => {
    try {
      return (
        await jwtVerify(token, keys, {
          algorithms: ['RS256'],
          audience: AUDIENCE,
          requiredClaims: ['exp'],
          ...(issuer === undefined ? {} : { issuer }),
        })
      ).payload;
    } catch (error) {
      if (isKeySetUnavailable(error)) throw new IdentityProviderUnavailableError();
      throw error;
    }
  }, JWKS_KEYS_KEPT_MS);
}

/**
 * Whether verifying failed for want of the key set rather than because of the token: a network error (not one
 * of jose's), a timeout, a key set that is not one, or jose's generic error, which it raises for an answer
 * other than 200 OK. Every fault of the token itself has an error class of its own.
 */
function isKeySetUnavailable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error.code === errors.JOSEError.code
  );
}

export async function mintToken(
  secret: string,
  claims: { subject: string; role: Role; regions: readonly Region[] },
  expiresIn = '12h',
): Promise<string> {
  return new SignJWT({ role: claims.role, regions: [...claims.regions] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.subject)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
