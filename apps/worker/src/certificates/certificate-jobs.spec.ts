import { InProcessJobQueue, type JobContext } from '@app/jobs';
import { emptyPage, type DocumentStore, type Page } from '@app/read-models';
import { Writable } from 'node:stream';
import { Metrics, createLogger, fixedClock } from '@app/platform';
import { waitFor } from '../../../../libs/jobs/src/testing/wait-for';
import type { CertificateEvaluationOutcome, CertificateIssuer } from './certificate-issuer';
import { countingFailures } from '../runtime/job-outcomes';
import {
  CERTIFICATE_SWEEP_JOB,
  registerCertificateProcessors,
  sweepCertificates,
  type ReadModels,
} from './certificate-jobs';
import type { CertificateNumberLedgerStore } from './certificate-number-ledger.store';
import { EVALUATE_CERTIFICATE_JOB } from './certificate.reactor';
import { counterValues } from '@app/platform/testing/counter-values';

const NOW = '2026-03-10T10:00:00.000Z';

const jobOutcomes = (metrics: Metrics): Promise<Record<string, number>> =>
  counterValues(metrics, 'pruvodce_job_outcomes_total', ['job', 'outcome']);

/** One page holding the given documents: the sweeps read on only while `hasNextPage`. */
const page = (ids: readonly string[]): Page => ({
  ...emptyPage(),
  items: ids.map((id) => ({ id, data: {}, position: 1n })),
});

/** Read models holding the given active volunteers and every certificate; `unavailable` makes each read fail. */
function readModelsOf(activeVolunteerIds: readonly string[], unavailable?: Error): ReadModels {
  const documents = {
    find: async () => {
      if (unavailable !== undefined) throw unavailable;
      return page(activeVolunteerIds);
    },
    get: async () => ({ id: 'certificate', data: {}, position: 1n }),
  } as unknown as DocumentStore;
  return { documents, collection: async (name) => name };
}

const noAllocations = { allocations: async () => [] } as unknown as CertificateNumberLedgerStore;

/** An issuer answering each evaluation in turn from `answers`: an outcome, or an error to throw. */
function issuerAnswering(...answers: (CertificateEvaluationOutcome | Error)[]): CertificateIssuer {
  let next = 0;
  return {
    evaluate: async () => {
      const answer = answers[Math.min(next, answers.length - 1)];
      next += 1;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as CertificateIssuer;
}

const attemptOf = (attempt: number, maxAttempts: number): JobContext => ({
  id: 'certificate-sweep:daily',
  name: CERTIFICATE_SWEEP_JOB,
  payload: {},
  attempt,
  maxAttempts,
});

describe('countingFailures', () => {
  it.each([
    ['while attempts remain', 1, 'retried'],
    ['on the last attempt', 3, 'failed'],
  ])(
    'given an attempt that throws %s, then it is counted as %s and the same error is thrown on',
    async (_, attempt, outcome) => {
      const metrics = new Metrics();
      const error = new Error('event store unavailable');
      const handler = countingFailures({ metrics }, CERTIFICATE_SWEEP_JOB, async () => {
        throw error;
      });

      await expect(handler(attemptOf(attempt, 3))).rejects.toBe(error);

      expect(await jobOutcomes(metrics)).toEqual({ [`certificate-sweep ${outcome}`]: 1 });
    },
  );

  it('given an attempt that succeeds, then it adds nothing of its own: the job counts its outcome itself', async () => {
    const metrics = new Metrics();

    await countingFailures({ metrics }, CERTIFICATE_SWEEP_JOB, async () => undefined)(attemptOf(1, 1));

    expect(await jobOutcomes(metrics)).toEqual({});
  });

  it.each([
    [1, 3, 'warn', 'job attempt failed; it will be retried'],
    [3, 3, 'error', 'job failed on its last attempt; it waits in the failed list'],
  ])(
    'given attempt %i of %i throws, when logged, then one %s line names the job and its id, never the message',
    async (attempt, maxAttempts, level, msg) => {
      const lines: string[] = [];
      const logger = createLogger(
        'info',
        new Writable({
          write(chunk: Buffer, _encoding, callback) {
            lines.push(chunk.toString().trim());
            callback();
          },
        }),
      );
      const error = Object.assign(new Error('no consent for Amina Haddad'), { code: 'CONSENT.NOT_IN_FORCE' });
      const handler = countingFailures({ logger }, CERTIFICATE_SWEEP_JOB, async () => {
        throw error;
      });

      await expect(handler(attemptOf(attempt, maxAttempts))).rejects.toBe(error);

      expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
        expect.objectContaining({
          level,
          msg,
          job: CERTIFICATE_SWEEP_JOB,
          jobId: 'certificate-sweep:daily',
          attempt,
          maxAttempts,
          err: 'Error',
          code: 'CONSENT.NOT_IN_FORCE',
        }),
      ]);
      expect(lines.join('\n')).not.toContain('Amina');
    },
  );

  it('given no metrics, when an attempt throws, then the error still reaches the queue', async () => {
    const error = new Error('event store unavailable');

    await expect(
      countingFailures({}, CERTIFICATE_SWEEP_JOB, async () => {
        throw error;
      })(attemptOf(1, 1)),
    ).rejects.toBe(error);
  });
});

describe('certificate job outcomes', () => {
  let queue: InProcessJobQueue;
  let metrics: Metrics;

  beforeEach(() => {
    queue = new InProcessJobQueue();
    metrics = new Metrics();
  });

  afterEach(async () => {
    await queue.close({ drain: false });
  });

  const register = (issuer: CertificateIssuer, readModels: ReadModels = readModelsOf([])) =>
    registerCertificateProcessors({
      readModels,
      queue,
      ledger: noAllocations,
      clock: fixedClock(NOW),
      issuer,
      metrics,
    });

  const settled = async (name: string, count: number): Promise<void> =>
    waitFor(`${count} ${name} jobs to settle`, async () => {
      const counts = (await queue.counts())[name];
      return counts !== undefined && counts.completed + counts.failed === count;
    });

  it('given an evaluation that issues a certificate, when its job runs, then it is counted under the evaluation outcome', async () => {
    await register(issuerAnswering('ISSUED'));

    await queue.enqueue(EVALUATE_CERTIFICATE_JOB, { volunteerId: 'v-1' });
    await settled(EVALUATE_CERTIFICATE_JOB, 1);

    expect(await jobOutcomes(metrics)).toEqual({ 'evaluate-certificate issued': 1 });
  });

  it('given an evaluation that fails once and then finds the volunteer not eligible, then the retry and the outcome are both counted', async () => {
    await register(issuerAnswering(new Error('event store unavailable'), 'NOT_ELIGIBLE'));

    await queue.enqueue(EVALUATE_CERTIFICATE_JOB, { volunteerId: 'v-1' }, { attempts: 2 });
    await settled(EVALUATE_CERTIFICATE_JOB, 1);

    expect(await jobOutcomes(metrics)).toEqual({
      'evaluate-certificate retried': 1,
      'evaluate-certificate not_eligible': 1,
    });
  });

  it('given an evaluation that fails on every attempt, then each retry and the final failure are counted, and the job is left failed with its error', async () => {
    await register(issuerAnswering(new Error('event store unavailable')));

    await queue.enqueue(
      EVALUATE_CERTIFICATE_JOB,
      { volunteerId: 'v-1' },
      { jobId: 'evaluate-v-1', attempts: 3 },
    );
    await settled(EVALUATE_CERTIFICATE_JOB, 1);

    expect(await jobOutcomes(metrics)).toEqual({
      'evaluate-certificate retried': 2,
      'evaluate-certificate failed': 1,
    });
    expect(await queue.failedJobs(EVALUATE_CERTIFICATE_JOB)).toEqual([
      expect.objectContaining({ id: 'evaluate-v-1', error: 'Error', attemptsMade: 3 }),
    ]);
    expect(await metrics.registry.metrics()).not.toContain('v-1');
  });

  it('given active volunteers, when the sweep runs, then it is counted completed and their evaluations are counted too', async () => {
    await register(issuerAnswering('ALREADY_ISSUED'), readModelsOf(['v-1', 'v-2']));

    await queue.enqueue(CERTIFICATE_SWEEP_JOB, {});
    await settled(CERTIFICATE_SWEEP_JOB, 1);
    await settled(EVALUATE_CERTIFICATE_JOB, 2);

    expect(await jobOutcomes(metrics)).toEqual({
      'certificate-sweep completed': 1,
      'evaluate-certificate already_issued': 2,
    });
  });

  it('given read models that cannot be read, when the sweep runs out of attempts, then it is counted failed, never completed, and the job is left failed', async () => {
    await register(issuerAnswering('ISSUED'), readModelsOf(['v-1'], new Error('database is locked')));

    await queue.enqueue(CERTIFICATE_SWEEP_JOB, {}, { jobId: 'sweep-at-start', attempts: 2 });
    await settled(CERTIFICATE_SWEEP_JOB, 1);

    expect(await jobOutcomes(metrics)).toEqual({
      'certificate-sweep retried': 1,
      'certificate-sweep failed': 1,
    });
    expect(await queue.failedJobs(CERTIFICATE_SWEEP_JOB)).toEqual([
      expect.objectContaining({ id: 'sweep-at-start', error: 'Error' }),
    ]);
  });
});

describe('sweepCertificates', () => {
  it('given active and paused volunteers and volunteers who left 30 and 31 days ago, when swept, then all but the one who left 31 days ago are evaluated', async () => {
    const byStatus: Record<string, { id: string; data: object }[]> = {
      ACTIVE: [{ id: 'v-active', data: { status: 'ACTIVE', left: null } }],
      PAUSED: [{ id: 'v-paused', data: { status: 'PAUSED', left: null } }],
      LEFT: [
        {
          id: 'v-left-30',
          data: { status: 'LEFT', left: { reasonCode: 'MOVED_AWAY', leftOn: '2026-02-08' } },
        },
        {
          id: 'v-left-31',
          data: { status: 'LEFT', left: { reasonCode: 'MOVED_AWAY', leftOn: '2026-02-07' } },
        },
      ],
    };
    const documents = {
      find: async (_collection: string, query: { filter: { status: string } }) => ({
        ...emptyPage(),
        items: (byStatus[query.filter.status] ?? []).map((item) => ({ ...item, position: 1n })),
      }),
    } as unknown as DocumentStore;
    const enqueued: string[] = [];
    const queue = {
      enqueue: async (_name: string, payload: { volunteerId: string }) => {
        enqueued.push(payload.volunteerId);
        return { jobId: payload.volunteerId, status: 'enqueued' };
      },
    } as unknown as InProcessJobQueue;

    const requested = await sweepCertificates({
      readModels: { documents, collection: async (name) => name },
      queue,
      ledger: noAllocations,
      clock: fixedClock(NOW),
    });

    expect(enqueued).toEqual(['v-active', 'v-paused', 'v-left-30']);
    expect(requested).toBe(3);
  });

  it('given an allocated number whose evaluation failed on every attempt, when swept, then that job starts over and the number is issued', async () => {
    const queue = new InProcessJobQueue();
    const evaluated: string[] = [];
    let storeReachable = false;
    await queue.process<{ volunteerId: string }>(EVALUATE_CERTIFICATE_JOB, async (job) => {
      if (!storeReachable) throw new Error('event store unavailable');
      evaluated.push(job.payload.volunteerId);
    });
    const jobId = `${EVALUATE_CERTIFICATE_JOB}:v-1:allocation-PRV-2026-00007`;
    await queue.enqueue(EVALUATE_CERTIFICATE_JOB, { volunteerId: 'v-1' }, { jobId });
    await waitFor(
      'the allocation job to fail',
      async () => (await queue.failedJobs(EVALUATE_CERTIFICATE_JOB)).length === 1,
    );
    const ledger = {
      allocations: async (year: number) =>
        year === 2026 ? [{ certificateNo: 'PRV-2026-00007', volunteerId: 'v-1' }] : [],
    } as unknown as CertificateNumberLedgerStore;
    const documents = { find: async () => emptyPage(), get: async () => null } as unknown as DocumentStore;
    storeReachable = true;

    const requested = await sweepCertificates({
      readModels: { documents, collection: async (name) => name },
      queue,
      ledger,
      clock: fixedClock(NOW),
    });

    await waitFor('the allocation job to run again', () => evaluated.length === 1);
    expect(requested).toBe(1);
    expect(evaluated).toEqual(['v-1']);
    expect(await queue.failedJobs(EVALUATE_CERTIFICATE_JOB)).toEqual([]);
    await queue.close({ drain: false });
  });
});
