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

/** graphql-js prints the whole offending variable (`got invalid value { name: "…", … }`): it may be personal data. */
const ECHOED_VARIABLE = /^(Variable "\$[_A-Za-z][_0-9A-Za-z]*") got invalid value /;

/** The reason graphql-js appended after the echoed value, found on the error's chain of causes. */
function coercionReason(message: string, error: unknown): string | undefined {
  for (
    let cause = error;
    cause instanceof Error;
    cause = (cause as { originalError?: unknown }).originalError
  ) {
    if (cause.message !== message && message.endsWith(`; ${cause.message}`)) return cause.message;
  }
  return undefined;
}

function withoutEchoedVariable(message: string, error: unknown): string {
  const variable = ECHOED_VARIABLE.exec(message)?.[1];
  if (variable === undefined) return message;
  const reason = coercionReason(message, error);
  if (reason === undefined) return `${variable} got an invalid value`;
  const echoed = message.slice(0, message.length - reason.length - 2);
  const at = / at "[^"]*"$/.exec(echoed)?.[0] ?? '';
  return `${variable} got an invalid value${at}; ${reason}`;
}

/**
 * The last gate before an error leaves the server: known codes keep their message and details; anything
 * else becomes a generic INTERNAL_SERVER_ERROR, so no stack trace, internal message or personal data leaks.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : undefined;
  if (code !== undefined && (SAFE_CODES.has(code) || DOMAIN_CODE.test(code))) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    const message = withoutEchoedVariable(formatted.message, error);
    return { message, locations: formatted.locations, path: formatted.path, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
