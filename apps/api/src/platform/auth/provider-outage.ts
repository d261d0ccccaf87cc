import type { Logger } from '@app/platform';

/** One warning a minute at most: while the identity provider is down, every signed-in request would log one. */
const WARN_EVERY_MS = 60_000;

/**
 * What the API does when a token cannot be checked because the identity provider cannot be reached: callers
 * hear AUTH.PROVIDER_UNAVAILABLE, and the operator reads a warning (never the token) instead of a flood of
 * sign-in failures.
 */
export function providerOutageWarning(logger: Logger, now: () => number = Date.now): () => void {
  let warnedAt = Number.NEGATIVE_INFINITY;
  let since = 0;
  return () => {
    since += 1;
    if (now() - warnedAt < WARN_EVERY_MS) return;
    warnedAt = now();
    logger.warn(
      { requests: since },
      'identity provider unreachable: requests answered AUTH.PROVIDER_UNAVAILABLE',
    );
    since = 0;
  };
}
