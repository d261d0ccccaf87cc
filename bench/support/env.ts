import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '@app/platform';

/** A positive number from the environment variable `name`, or `fallback` when it is unset. */
export function positiveFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? String(fallback));
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
}

/**
 * The configuration of the embedded default in a benchmark's throw-away `dataDir`, on its own stores whatever the
 * environment names, logging warnings only, on a free port. Benchmarks run with NODE_ENV=production (ADR 20),
 * where it refuses to start without DATA_KEY: a fresh one per run unless DATA_KEY is set.
 */
export function embeddedBenchConfig(
  dataDir: string,
  jwtSecret: string,
  overrides: Record<string, string> = {},
): AppConfig {
  return loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: jwtSecret,
    DATA_KEY: process.env.DATA_KEY ?? randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    EVENTSTORE_URL: '',
    MONGO_URL: '',
    REDIS_URL: '',
    ...overrides,
  });
}
