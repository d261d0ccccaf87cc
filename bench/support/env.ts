import { randomBytes } from 'node:crypto';

/** A positive number from the environment variable `name`, or `fallback` when it is unset. */
export function positiveFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? String(fallback));
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
}

/**
 * The master key of a benchmark's throw-away data directory. Benchmarks run with NODE_ENV=production (ADR 20),
 * where the embedded default, as in any deployment, refuses to start without DATA_KEY.
 */
export function benchDataKey(): string {
  return process.env.DATA_KEY ?? randomBytes(32).toString('base64');
}
