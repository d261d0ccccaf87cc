import type { GraphQLFormattedError } from 'graphql';

/** Codes whose message is written for the client and safe to pass through. */
const SAFE_CODES = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'TOO_MANY_REQUESTS',
  'QUERY_TOO_COMPLEX',
]);

/** Domain rejection codes look like `CONSENT.NOT_IN_FORCE`. */
const DOMAIN_CODE = /^[A-Z][A-Z_]*\.[A-Z][A-Z_]*$/;

/**
 * The last gate before an error leaves the server: known codes keep their message and details; anything
 * else becomes a generic INTERNAL_SERVER_ERROR, so no stack trace, internal message or personal data leaks.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : undefined;
  if (code !== undefined && (SAFE_CODES.has(code) || DOMAIN_CODE.test(code))) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
