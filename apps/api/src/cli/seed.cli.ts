import { parseArgs } from 'node:util';
import { createLogger, loadConfig } from '@app/platform';
import { runSeed, type SeedSummary } from './seed/seed-runner';

const USAGE =
  'usage: npm run seed -- [--seed N] [--scale 1] [--concurrency 8] [--today YYYY-MM-DD] [--force]\n' +
  'Fills DATA_DIR with two years of an invented volunteer program, through the GraphQL API.';

function numberOption(
  value: string | undefined,
  name: string,
  fallback: number,
  valid: (n: number) => boolean,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || !valid(parsed)) throw new Error(`invalid --${name} ${value}\n${USAGE}`);
  return parsed;
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      scale: { type: 'string' },
      concurrency: { type: 'string' },
      today: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today))
    throw new Error(`invalid --today ${values.today}\n${USAGE}`);
  const config = loadConfig();
  // The in-process API logs at warn: progress lines are the seed's own, on stderr.
  const logger = createLogger('warn', process.stderr);
  const summary = await runSeed(config, logger, {
    seed: numberOption(values.seed, 'seed', 1, (n) => Number.isInteger(n) && n >= 0),
    scale: numberOption(values.scale, 'scale', 1, (n) => n > 0 && n <= 20),
    concurrency: numberOption(
      values.concurrency,
      'concurrency',
      8,
      (n) => Number.isInteger(n) && n >= 1 && n <= 64,
    ),
    force: values.force,
    ...(values.today === undefined ? {} : { today: values.today }),
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${formatSummary(summary)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
