import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

export type { Logger };

/** Keys whose values are personal data or secrets wherever they appear in a log entry. */
const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'password',
  'token',
  'name',
  'email',
  'phone',
  'contact',
  'address',
  'dateOfBirth',
  'countryOfOrigin',
  'notes',
  'variables',
  'input',
] as const;

/**
 * How deep below the entry's top level the keys are redacted. pino's paths have no recursive wildcard (`*.name`
 * matches one level down only), so each depth is listed; four levels cover a request's headers and a GraphQL
 * error's variables.
 */
const REDACTED_DEPTH = 4;

/**
 * Personal data must never reach the logs. Callers log ids and codes only; these paths are the safety net for
 * anything that slips through (request bodies, headers, GraphQL variables).
 */
export const REDACTED_PATHS: readonly string[] = REDACTED_KEYS.flatMap((key) =>
  Array.from({ length: REDACTED_DEPTH }, (_, depth) => `${'*.'.repeat(depth)}${key}`),
);

export function createLogger(
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: { service: 'pruvodce' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** Nest's logger interface on top of pino, so framework messages are JSON lines like ours. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
