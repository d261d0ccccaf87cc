import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';

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

/** HS256 with a shared secret (embedded default and simple deployments). */
export function hs256Verifier(secret: string): TokenVerifier {
  const key = new TextEncoder().encode(secret);
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
        });
        return toPrincipal(payload);
      } catch (error) {
        if (error instanceof AuthenticationError) throw error;
        throw new AuthenticationError('invalid or expired token');
      }
    },
  };
}

/** RS256 through an identity provider's JWKS endpoint. */
export function jwksVerifier(jwksUrl: string): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(jwksUrl));
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, { algorithms: ['RS256'], audience: AUDIENCE });
        return toPrincipal(payload);
      } catch (error) {
        if (error instanceof AuthenticationError) throw error;
        throw new AuthenticationError('invalid or expired token');
      }
    },
  };
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
