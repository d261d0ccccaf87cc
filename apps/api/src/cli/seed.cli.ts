import { parseArgs } from 'node:util';
import { isCalendarDate } from '@app/domain';
import { createLogger, loadConfig } from '@app/platform';
import { runSeed, type SeedOptions, type SeedSummary } from './seed/seed-runner';
import { isParseArgsError, usageMessageOf } from './cli-errors';

const USAGE =
  'usage: npm run seed -- [--seed N] [--scale 1] [--concurrency 8] [--today YYYY-MM-DD] [--force]\n' +
  'Fills DATA_DIR with two years of an invented volunteer program, through the GraphQL API.';

/** Bad arguments: exit 2 with the message and the usage. */
export class SeedUsageError extends Error {}

function numberOption(
  value: string | undefined,
  name: string,
  fallback: number,
  valid: (n: number) => boolean,
  expected: string,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || !valid(parsed)) throw new SeedUsageError(`--${name} must be ${expected}`);
  return parsed;
}

export type SeedArgs = Pick<SeedOptions, 'seed' | 'scale' | 'concurrency' | 'force' | 'today'>;

export function parseSeedArgs(argv: readonly string[]): SeedArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seed: { type: 'string' },
      scale: { type: 'string' },
      concurrency: { type: 'string' },
      today: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  // The shape alone lets 2025-13-45 through, to fail deep in the planner as `Invalid time value`.
  if (values.today !== undefined && !isCalendarDate(values.today))
    throw new SeedUsageError('--today must be a calendar date YYYY-MM-DD, e.g. 2026-01-31');
  return {
    seed: numberOption(values.seed, 'seed', 1, (n) => Number.isInteger(n) && n >= 0, 'a whole number from 0'),
    scale: numberOption(values.scale, 'scale', 1, (n) => n > 0 && n <= 20, 'a number above 0, at most 20'),
    concurrency: numberOption(
      values.concurrency,
      'concurrency',
      8,
      (n) => Number.isInteger(n) && n >= 1 && n <= 64,
      'a whole number from 1 to 64',
    ),
    force: values.force,
    ...(values.today === undefined ? {} : { today: values.today }),
  };
}

export function formatSummary(summary: SeedSummary): string {
  const { counts } = summary;
  const n = (value: number) => value.toLocaleString('en-US');
  const rejections = Object.entries(summary.rejected)
    .map(([code, count]) => `${code} ×${count}`)
    .join(', ');
  return (
    `seeded ${summary.firstDay}..${summary.lastDay}: ${n(counts.volunteers)} volunteers (${n(counts.activeVolunteers)} activated, ` +
    `${n(counts.volunteersLeft)} left), ${n(counts.clients)} clients (${n(counts.clientsDeparted)} departed), ` +
    `${n(counts.consents)} consents (${n(counts.withdrawals)} withdrawn), ${n(counts.disclosuresRequested)} disclosure requests, ` +
    `${n(counts.matchesAccepted)} matches (${n(counts.matchesProposed)} proposed, ${n(counts.matchesEnded)} ended), ` +
    `${n(counts.meetings)} meetings, ${n(counts.sessions)} sessions; ${n(summary.requests)} mutations, ` +
    `${n(summary.events)} events in ${summary.seconds} s` +
    (rejections === '' ? '' : `; rejected (--force): ${rejections}`)
  );
}

async function main(): Promise<number> {
  let args: SeedArgs | 'help';
  try {
    args = parseSeedArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof SeedUsageError) && !isParseArgsError(error)) throw error;
    process.stderr.write(`${usageMessageOf(error)}\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  // The in-process API logs at warn: progress lines are the seed's own, on stderr.
  const logger = createLogger('warn', process.stderr);
  const summary = await runSeed(config, logger, {
    ...args,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${formatSummary(summary)}\n`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    },
  );
}
