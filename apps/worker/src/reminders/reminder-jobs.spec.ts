import { InProcessJobQueue } from '@app/jobs';
import { emptyPage, type DocumentStore, type Page } from '@app/read-models';
import { Metrics, createLogger, fixedClock } from '@app/platform';
import { waitFor } from '../../../../libs/jobs/src/testing/wait-for';
import type { Runtime } from '../runtime/runtime';
import { REMINDER_SWEEP_JOB, startReminderJobs } from './reminder-sweep';
import { counterValues } from '@app/platform/testing/counter-values';

const NOW = '2026-03-10T10:00:00.000Z';

const jobOutcomes = (metrics: Metrics): Promise<Record<string, number>> =>
  counterValues(metrics, 'pruvodce_job_outcomes_total', ['job', 'outcome']);

const EMPTY_PAGE: Page = emptyPage();

/** Read models with nothing to remind of; `unavailable` makes every read fail. */
function documentsOf(unavailable?: Error): DocumentStore {
  return {
    ensureCollection: async () => undefined,
    find: async () => {
      if (unavailable !== undefined) throw unavailable;
      return EMPTY_PAGE;
    },
    upsert: async () => undefined,
    delete: async () => undefined,
  } as unknown as DocumentStore;
}

/** The embedded default: in-process jobs, so the sweep also runs once at start with three attempts. */
const embeddedRuntime = (queue: InProcessJobQueue, documents: DocumentStore): Runtime =>
  ({
    config: { redisUrl: undefined, reminderSweepCron: '30 2 * * *' },
    documents,
    collection: async (name: string) => name,
    jobs: queue,
  }) as unknown as Runtime;

describe('reminder sweep job outcomes', () => {
  let queue: InProcessJobQueue;
  let metrics: Metrics;

  beforeEach(() => {
    queue = new InProcessJobQueue();
    metrics = new Metrics();
  });

  afterEach(async () => {
    await queue.close({ drain: false });
  });

  const sweepSettled = (): Promise<void> =>
    waitFor('the reminder sweep at start to settle', async () => {
      const counts = (await queue.counts())[REMINDER_SWEEP_JOB];
      return counts !== undefined && counts.completed + counts.failed === 1;
    });

  it('given the daily schedule, when registered, then its cron is read in Prague and a failed run is retried', async () => {
    const repeat = jest.spyOn(queue, 'repeat');

    await startReminderJobs(
      embeddedRuntime(queue, documentsOf()),
      createLogger('silent'),
      metrics,
      fixedClock(NOW),
    );

    expect(repeat).toHaveBeenCalledWith(
      REMINDER_SWEEP_JOB,
      {},
      {
        jobId: 'reminder-sweep-daily',
        cron: '30 2 * * *',
        timeZone: 'Europe/Prague',
        attempts: 6,
        backoff: { type: 'exponential', delayMs: 30_000 },
      },
    );
  });

  it('given readable read models, when the sweep at start runs, then it is counted completed', async () => {
    await startReminderJobs(
      embeddedRuntime(queue, documentsOf()),
      createLogger('silent'),
      metrics,
      fixedClock(NOW),
    );

    await sweepSettled();

    expect(await jobOutcomes(metrics)).toEqual({ 'reminder-sweep completed': 1 });
  });

  it('given read models that cannot be read, when the sweep at start uses up its attempts, then each retry and the failure are counted and the job is left failed', async () => {
    await startReminderJobs(
      embeddedRuntime(queue, documentsOf(new Error('database is locked'))),
      createLogger('silent'),
      metrics,
      fixedClock(NOW),
    );

    await sweepSettled();

    expect(await jobOutcomes(metrics)).toEqual({
      'reminder-sweep retried': 2,
      'reminder-sweep failed': 1,
    });
    expect(await queue.failedJobs(REMINDER_SWEEP_JOB)).toEqual([
      expect.objectContaining({ error: 'Error', attemptsMade: 3 }),
    ]);
  });
});
