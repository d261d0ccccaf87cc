import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type Principal } from '@app/platform';
import { startApi, type RunningApp } from '../apps/api/src/bootstrap';
import { AccessRecorder } from '../apps/api/src/platform/access/access-recorder';
import type { RequestContext } from '../apps/api/src/platform/auth/request-context';
import {
  describeMachine,
  embeddedBenchConfig,
  formatTable,
  positiveFromEnv,
  readThreadCpu,
  threadCpuSpent,
  writeBenchResults,
} from './support';

const NAME = 'access-record';
/** As many records in flight as the API benchmark has connections. */
const CONCURRENCY = 10;

/**
 * What one access record costs the event loop of the embedded default, as every `client(id)` with personal
 * fields appends one: `AccessRecorder.record` through the API's own stores, the projection runner and the job
 * reactor live beside it, `CONCURRENCY` records in flight, each started in a task of its own as requests are.
 * The baseline, alternated with it in the same process, is the same loop recording nothing; the difference per
 * record is the record's cost. Rounds (BENCH_ACCESS_ROUNDS, default 10) of BENCH_ACCESS_SECONDS (default 1).
 */
export async function run(): Promise<void> {
  const rounds = Math.round(positiveFromEnv('BENCH_ACCESS_ROUNDS', 10));
  const seconds = positiveFromEnv('BENCH_ACCESS_SECONDS', 1);
  const dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-bench-access-'));
  const config = embeddedBenchConfig(dataDir, 'bench-access-secret-0123456789abcdefghijklmnopqrstuvwxyz');
  let api: RunningApp | null = null;
  try {
    api = await startApi(config, createLogger('warn', process.stderr));
    const recorder = api.app.get(AccessRecorder);
    const principal: Principal = { subject: 'bench-coordinator', role: 'COORDINATOR', regions: ['PRAGUE'] };
    const context = { principal, correlationId: '0190a0b0-0000-7000-8000-00000000c0de' } as RequestContext;
    const clientIds = Array.from(
      { length: CONCURRENCY },
      (_, index) => `0190a0b0-0000-7000-8000-${String(index).padStart(12, '0')}`,
    );
    const record = (slot: number) =>
      recorder.record(context, {
        clientId: clientIds[slot] as string,
        fields: ['name', 'contact', 'dateOfBirth', 'countryOfOrigin'],
        operation: 'query client',
      });
    const nothing = () => Promise.resolve();

    const totals = { baseline: emptyTotals(), record: emptyTotals() };
    for (let round = 0; round <= rounds; round++) {
      // Round 0 warms up both and is not counted.
      for (const [name, work] of [
        ['baseline', nothing],
        ['record', record],
      ] as const) {
        const measured = await loop(work, seconds);
        if (round > 0) add(totals[name], measured);
      }
      if (round > 0) console.error(`access-record bench: round ${round}/${rounds}`);
    }
    const perIteration = (totals_: Totals, nanos: number) => nanos / 1000 / Math.max(1, totals_.iterations);
    const rows = (['baseline', 'record'] as const).map((name) => {
      const measured = totals[name];
      return {
        scenario: name === 'baseline' ? 'the loop alone (baseline)' : '`AccessRecorder.record`',
        perSecond: Math.round(measured.iterations / (measured.wallNanos / 1e9)),
        mainMicros: round1(perIteration(measured, measured.mainNanos)),
        otherMicros: round1(perIteration(measured, measured.otherNanos)),
        mainBusy: Math.round((measured.mainNanos / measured.wallNanos) * 100),
      };
    });
    const [baseline, recorded] = rows as [(typeof rows)[number], (typeof rows)[number]];
    const recordCost = {
      mainThreadMicros: round1(recorded.mainMicros - baseline.mainMicros),
      otherThreadsMicros: round1(recorded.otherMicros - baseline.otherMicros),
    };
    console.log(
      formatTable(rows, [
        { header: 'scenario', value: (row) => row.scenario },
        { header: 'per second', value: (row) => row.perSecond, align: 'right' },
        { header: 'main thread µs each', value: (row) => row.mainMicros, align: 'right' },
        { header: 'other threads µs each', value: (row) => row.otherMicros, align: 'right' },
        { header: 'main thread busy', value: (row) => `${row.mainBusy} %`, align: 'right' },
      ]),
    );
    console.log(
      `\nan access record costs the event loop ${recordCost.mainThreadMicros} µs and the other threads ` +
        `${recordCost.otherThreadsMicros} µs beyond the baseline (${CONCURRENCY} in flight, ${rounds} rounds of ${seconds} s)`,
    );
    const written = writeBenchResults(NAME, {
      benchmark: NAME,
      measuredAt: new Date().toISOString(),
      machine: describeMachine(),
      loadAverage: loadavg(),
      concurrency: CONCURRENCY,
      rounds,
      secondsPerRound: seconds,
      rows,
      recordCost,
    });
    console.log(`\nwrote ${written}`);
  } finally {
    await api?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Totals {
  iterations: number;
  wallNanos: number;
  mainNanos: number;
  otherNanos: number;
}

const emptyTotals = (): Totals => ({ iterations: 0, wallNanos: 0, mainNanos: 0, otherNanos: 0 });

function add(totals: Totals, measured: Totals): void {
  totals.iterations += measured.iterations;
  totals.wallNanos += measured.wallNanos;
  totals.mainNanos += measured.mainNanos;
  totals.otherNanos += measured.otherNanos;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** `CONCURRENCY` loops for `seconds`, each doing `work` in a task of its own, as requests arrive. */
async function loop(work: (slot: number) => Promise<void>, seconds: number): Promise<Totals> {
  const before = readThreadCpu();
  const started = process.hrtime.bigint();
  const end = Date.now() + seconds * 1000;
  let iterations = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, slot) => {
      while (Date.now() < end) {
        await new Promise((resolve) => setImmediate(resolve));
        await work(slot);
        iterations += 1;
      }
    }),
  );
  const wallNanos = Number(process.hrtime.bigint() - started);
  const cpu = threadCpuSpent(before, readThreadCpu());
  if (cpu === null) throw new Error('thread CPU times cannot be read here (/proc/self/task/*/schedstat)');
  return { iterations, wallNanos, mainNanos: cpu.mainNanos, otherNanos: cpu.otherNanos };
}
