import { IdentityProviderUnavailableError, type Principal, type TokenVerifier } from '@app/platform';

export interface BearerCheck {
  /** Who the token proves; null without a bearer token or with a bad one, which are told apart to nobody. */
  readonly principal: Principal | null;
  /** The token could not be checked at all: the identity provider could not be reached. */
  readonly identityProviderUnavailable: boolean;
}

const NOBODY: BearerCheck = { principal: null, identityProviderUnavailable: false };

/** Checks the bearer token of an `Authorization` header, for GraphQL and for plain HTTP routes alike. */
export async function checkBearer(
  verifier: TokenVerifier,
  authorization: string | undefined,
): Promise<BearerCheck> {
  const [scheme, token] = (authorization ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || token === undefined) return NOBODY;
  try {
    return { principal: await verifier.verify(token), identityProviderUnavailable: false };
  } catch (error) {
    if (error instanceof IdentityProviderUnavailableError)
      return { principal: null, identityProviderUnavailable: true };
    return NOBODY;
  }
}
