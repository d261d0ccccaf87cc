import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { addDays, dateOf } from '@app/domain';
import { openSqliteEventStore } from '@app/event-store';
import { mintToken, systemClock, type AppConfig, type Logger } from '@app/platform';
import { embeddedProjectionStoreFiles } from '@app/read-models';
import { sweepReminders } from '../../../../worker/src/reminders/reminder-sweep';
import { startApi, type RunningApp } from '../../bootstrap';
import { resolveJwtSecret } from '../../platform/secrets';
import { planProgram } from './program-planner';
import { mutationDocument } from './seed-mutations';
import type { PlanCounts, SeedOperation, SeedPlan } from './seed-plan';
import { SimulatedClock, startOfWorkingDay } from './simulated-clock';

export interface SeedOptions {
  readonly seed: number;
  readonly scale: number;
  /** Seed even though the store already holds events. */
  readonly force?: boolean;
  /** Requests in flight at once. */
  readonly concurrency?: number;
  /** The last simulated day; defaults to yesterday in Prague, so that every date lies in the past. */
  readonly today?: string;
  /** Length of the simulated program; two years unless a test wants a shorter one. */
  readonly years?: number;
  /** Receives one progress line at a time (the CLI writes them to stderr). */
  readonly progress?: (line: string) => void;
}

export interface SeedSummary {
  readonly counts: PlanCounts;
  readonly requests: number;
  /** Mutations the API rejected (only with --force, where a re-sent plan meets today's state), by code. */
  readonly rejected: Readonly<Record<string, number>>;
  readonly events: number;
  readonly seconds: number;
  readonly firstDay: string;
  readonly lastDay: string;
}

/** Refusal to seed a store that already holds events (without --force). */
/** The seed invents people: it writes only to the embedded default, never to a configured EventStoreDB or MongoDB. */
export class SeedNotEmbeddedError extends Error {
  constructor() {
    super(
      'SEED.NOT_EMBEDDED: the seed fills the embedded default with invented people; unset EVENTSTORE_URL and MONGO_URL',
    );
    this.name = 'SeedNotEmbeddedError';
  }
}

export class StoreNotEmptyError extends Error {
  constructor(readonly events: bigint) {
    super(`SEED.STORE_NOT_EMPTY: the store already holds ${events} events; pass --force to seed anyway`);
    this.name = 'StoreNotEmptyError';
  }
}

/** A mutation the seed sent was rejected: the plan broke a rule, which is a bug in the seed. */
export class SeedRejectedError extends Error {
  constructor(
    verb: string,
    date: string,
    readonly code: string,
    detail: string,
  ) {
    super(
      `SEED.REJECTED: ${verb} on ${date} was rejected with ${code}${detail === '' ? '' : ` (${detail})`}`,
    );
    this.name = 'SeedRejectedError';
  }
}

async function refuseNonEmptyStore(eventsFile: string): Promise<void> {
  if (!existsSync(eventsFile)) return;
  const store = openSqliteEventStore({ filename: eventsFile });
  try {
    const head = await store.headPosition();
    if (head > 0n) throw new StoreNotEmptyError(head);
  } finally {
    await store.close();
  }
}

const PROGRESS_INTERVAL_MS = 2000;
const SEED_RATE_LIMIT = 1_000_000;
const CATCH_UP_TIMEOUT_MS = 60_000;

const yesterday = (): string => addDays(dateOf(new Date().toISOString()), -1);

/**
 * Starts the API in-process on the configured DATA_DIR (port 0) with a simulated clock, and sends the planned
 * program as GraphQL mutations over HTTP with an ADMIN token: the same path a coordinator's browser takes.
 */
export async function runSeed(config: AppConfig, logger: Logger, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  if (config.eventStoreUrl !== undefined || config.mongoUrl !== undefined) throw new SeedNotEmbeddedError();
  // Before the API starts: its worker would otherwise run its start-up sweeps on the simulated clock, two years
  // back, against a store that is not the seed's to change.
  if (options.force !== true) await refuseNonEmptyStore(embeddedProjectionStoreFiles(config.dataDir).events);
  const plan = planProgram({
    seed: options.seed,
    scale: options.scale,
    today: options.today ?? yesterday(),
    clientLimit: config.volunteerClientLimit,
    ...(options.years === undefined ? {} : { years: options.years }),
  });
  const clock = new SimulatedClock(plan.firstDay);
  const secret = resolveJwtSecret(config, logger);
  if (secret === undefined)
    throw new Error(
      'SEED.NO_JWT_SECRET: the seed signs its own ADMIN token; set JWT_SECRET (not JWT_JWKS_URL)',
    );
  // The seed is a trusted bulk load of two years of changes from one caller: the per-caller mutation rate limit
  // (there against runaway clients) would stop it after the first minute's worth.
  const running = await startApi(
    { ...config, port: 0, mutationRateLimitPerMinute: SEED_RATE_LIMIT },
    logger,
    {
      clock,
    },
  );
  try {
    const before = await running.runtime.eventStore.headPosition();
    if (before > 0n && options.force !== true) throw new StoreNotEmptyError(before);
    const token = await mintToken(secret, { subject: 'seed', role: 'ADMIN', regions: [] }, '6h');
    const { sent: requests, rejected } = await sendPlan(running, token, plan, clock, options, started);
    await waitForProjections(running);
    // Reminders are swept at start and nightly: a service already running would otherwise show none of the
    // seeded program's until then.
    const { runtime } = running;
    await sweepReminders(
      { documents: runtime.documents, collection: (name) => runtime.collection(name) },
      systemClock,
    );
    const after = await running.runtime.eventStore.headPosition();
    return {
      counts: plan.counts,
      requests,
      rejected,
      events: Number(after - before),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      firstDay: plan.firstDay,
      lastDay: plan.today,
    };
  } finally {
    await running.close();
  }
}

async function sendPlan(
  running: RunningApp,
  token: string,
  plan: SeedPlan,
  clock: SimulatedClock,
  options: SeedOptions,
  started: number,
): Promise<{ sent: number; rejected: Record<string, number> }> {
  const endpoint = `${running.url}/graphql`;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const rejected: Record<string, number> = {};
  let sent = 0;
  let lastProgress = performance.now();
  for (const day of plan.days) {
    clock.setDay(day.date);
    await inParallel(day.chains, concurrency, async (chain) => {
      for (const [place, operation] of chain.entries()) {
        sent += 1;
        try {
          await send(endpoint, token, operation, day.date, instantOf(day.date, place));
        } catch (error) {
          // Re-sending a plan over its own earlier run (the way to resume an interrupted seed) meets today's
          // state: a volunteer who has since left can no longer be listed as attending, say. Counted, not fatal;
          // the rest of that chain depends on what was rejected, so it is skipped.
          if (options.force !== true) throw error;
          const code = error instanceof SeedRejectedError ? error.code : 'SEED.DEPENDENCY_MISSING';
          rejected[code] = (rejected[code] ?? 0) + 1;
          return;
        }
      }
    });
    if (options.progress !== undefined && performance.now() - lastProgress >= PROGRESS_INTERVAL_MS) {
      lastProgress = performance.now();
      const seconds = ((lastProgress - started) / 1000).toFixed(1);
      options.progress(
        `seed: ${day.date} · ${sent.toLocaleString('en-US')}/${plan.operations.toLocaleString('en-US')} mutations · ${seconds} s`,
      );
    }
  }
  return { sent, rejected };
}

interface GraphQLAnswer {
  readonly data?: Record<string, Record<string, unknown> | null> | null;
  readonly errors?: readonly {
    readonly extensions?: { readonly code?: string; readonly fields?: unknown };
  }[];
}

/**
 * The business time an operation sends (`givenOn`, `withdrawnOn`): fixed by the day and the operation's place
 * in its chain, not read from the clock, so that a re-sent plan (--force) sends each request exactly as before
 * and is answered with its earlier outcome rather than COMMAND.ID_REUSED. A millisecond per place keeps a
 * chain's instants in order and behind the clock, which moves a second per command from the same start.
 */
const instantOf = (date: string, place: number): string =>
  new Date(startOfWorkingDay(date) + place).toISOString();

async function send(
  endpoint: string,
  token: string,
  operation: SeedOperation,
  date: string,
  at: string,
): Promise<void> {
  const input = { ...operation.input(at), commandId: operation.commandId };
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: mutationDocument(operation.verb), variables: { input } }),
  });
  const answer = (await response.json()) as GraphQLAnswer;
  const payload = answer.data?.[operation.verb];
  if (answer.errors !== undefined || payload === undefined || payload === null) {
    const error = answer.errors?.[0]?.extensions;
    // Codes and field names only: a message could echo the personal data the seed sent.
    const fields = Array.isArray(error?.fields)
      ? (error.fields as { field?: unknown }[]).map((problem) => String(problem.field)).join(', ')
      : '';
    throw new SeedRejectedError(operation.verb, date, error?.code ?? `HTTP_${response.status}`, fields);
  }
  operation.onResult?.(payload);
}

/** Runs `work` over `items` with at most `limit` in flight; the first failure stops taking new items. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Reactors and projections outside the mutations' read-your-writes set finish before the store is handed over. */
async function waitForProjections(running: RunningApp): Promise<void> {
  const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const status = await running.runtime.projectionStatus();
    if (status.every((projection) => projection.lag === '0' || projection.failing)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
