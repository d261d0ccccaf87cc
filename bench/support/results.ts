import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const RESULTS_DIR = resolve(__dirname, '..', '..', 'bench-results');

/** Positions are bigints; JSON has no such type, so they are written as decimal strings. */
const bigintAsString = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value;

/** Writes `bench-results/<name>.json` and returns its path relative to the working directory. */
export function writeBenchResults(name: string, results: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(results, bigintAsString, 2)}\n`);
  return relative(process.cwd(), path);
}
