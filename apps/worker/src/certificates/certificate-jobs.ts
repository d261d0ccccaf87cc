import { addDays, dateOf } from '@app/domain';
import type { JobQueue } from '@app/jobs';
import { findAll, type DocumentStore, type StoredDocument } from '@app/read-models';
import type { VolunteerDocument } from '@app/read-models/volunteers';
import type { Clock, Logger, Metrics } from '@app/platform';
import { countingFailures } from '../runtime/job-outcomes';
import type { CertificateIssuer, MatchIdsOf } from './certificate-issuer';
import type { CertificateNumberLedgerStore } from './certificate-number-ledger.store';
import {
  EVALUATE_CERTIFICATE_JOB,
  EVALUATE_CERTIFICATE_OPTIONS,
  type EvaluateCertificatePayload,
} from './certificate.reactor';

export const CERTIFICATE_SWEEP_JOB = 'certificate-sweep';
const SWEEP_PAGE_SIZE = 500;

/** Where the read models live: the store and the physical collection serving a logical read model. */
export interface ReadModels {
  readonly documents: DocumentStore;
  collection(logicalName: string): Promise<string>;
}

/** The volunteer's matches from the `matches` read model. */
export function matchIdsFromReadModel(readModels: ReadModels): MatchIdsOf {
  return async (volunteerId) => {
    const collection = await readModels.collection('matches');
    const ids: string[] = [];
    for await (const match of findAll(readModels.documents, collection, {
      filter: { volunteerId },
      first: SWEEP_PAGE_SIZE,
    })) {
      ids.push(match.id);
    }
    return ids;
  };
}

/** Volunteers with the given status. */
async function* volunteersWithStatus(
  readModels: ReadModels,
  status: string,
): AsyncGenerator<StoredDocument<VolunteerDocument>> {
  yield* findAll<VolunteerDocument>(readModels.documents, await readModels.collection('volunteers'), {
    filter: { status },
    first: SWEEP_PAGE_SIZE,
  });
}

/**
 * How long after leaving a volunteer is still evaluated by the sweep. Leaving asks for an evaluation of its own;
 * if that job is lost (an in-process queue that stopped), the sweep asks again on each of these days.
 */
export const DEPARTED_EVALUATION_DAYS = 30;

export interface CertificateSweepOptions {
  readonly readModels: ReadModels;
  readonly queue: JobQueue;
  readonly ledger: CertificateNumberLedgerStore;
  readonly clock: Clock;
}

/**
 * Time alone can make someone eligible, so once a day every active or paused volunteer is evaluated, and every
 * volunteer who left in the last `DEPARTED_EVALUATION_DAYS` days. The sweep also finds allocated numbers whose
 * certificate is not (yet) in the read model and asks for their completion, so that a number allocated before
 * a crash is used even if its own job is gone. Returns the jobs it asked for.
 */
export async function sweepCertificates(options: CertificateSweepOptions): Promise<number> {
  const { readModels, queue, ledger, clock } = options;
  const now = clock.now().toISOString();
  const today = dateOf(now);
  let requested = 0;
  const enqueue = async (volunteerId: string, reason: string): Promise<void> => {
    const payload: EvaluateCertificatePayload = { volunteerId };
    const jobId = `${EVALUATE_CERTIFICATE_JOB}:${volunteerId}:${reason}`;
    const { status } = await queue.enqueue(EVALUATE_CERTIFICATE_JOB, payload, {
      ...EVALUATE_CERTIFICATE_OPTIONS,
      jobId,
    });
    // An allocation's job keeps its id from day to day: one that failed on every attempt (a store unreachable
    // for longer than its retries) starts over, or its number would stay allocated and never issued.
    if (status === 'enqueued' || (reason.startsWith('allocation-') && (await queue.retryFailed(jobId))))
      requested += 1;
  };
  // Paused volunteers too: a pause does not stop the months of service from counting.
  for (const status of ['ACTIVE', 'PAUSED']) {
    for await (const volunteer of volunteersWithStatus(readModels, status))
      await enqueue(volunteer.id, `sweep-${today}`);
  }
  const departedSince = addDays(today, -DEPARTED_EVALUATION_DAYS);
  for await (const volunteer of volunteersWithStatus(readModels, 'LEFT')) {
    const leftOn = volunteer.data.left?.leftOn;
    if (leftOn !== undefined && leftOn >= departedSince) await enqueue(volunteer.id, `sweep-${today}`);
  }
  const year = Number(today.slice(0, 4));
  const certificates = await readModels.collection('certificates');
  for (const allocation of [...(await ledger.allocations(year - 1)), ...(await ledger.allocations(year))]) {
    if ((await readModels.documents.get(certificates, allocation.certificateNo)) === null)
      await enqueue(allocation.volunteerId, `allocation-${allocation.certificateNo}`);
  }
  return requested;
}

export interface CertificateProcessorsOptions extends CertificateSweepOptions {
  readonly issuer: CertificateIssuer;
  readonly metrics?: Metrics;
  /** Where failed attempts are logged, with the job's id. */
  readonly logger?: Logger;
  /** Evaluations run at once in this process. Default 4. */
  readonly concurrency?: number;
}

/**
 * The same processors run on BullMQ (production) and in-process (embedded default). Outcomes are counted here
 * rather than in the queue adapters: those know neither the metrics nor what an evaluation's outcome was.
 */
export async function registerCertificateProcessors(options: CertificateProcessorsOptions): Promise<void> {
  const { queue, issuer, metrics, logger } = options;
  await queue.process<EvaluateCertificatePayload>(
    EVALUATE_CERTIFICATE_JOB,
    countingFailures({ metrics, logger }, EVALUATE_CERTIFICATE_JOB, async (job) => {
      const payload = job.payload;
      const hints = 'matchId' in payload ? [payload.matchId] : [];
      const outcome = await issuer.evaluate(payload.volunteerId, hints);
      metrics?.jobOutcomes.inc({ job: EVALUATE_CERTIFICATE_JOB, outcome: outcome.toLowerCase() });
    }),
    { concurrency: options.concurrency ?? 4 },
  );
  await queue.process(
    CERTIFICATE_SWEEP_JOB,
    countingFailures({ metrics, logger }, CERTIFICATE_SWEEP_JOB, async () => {
      await sweepCertificates(options);
      metrics?.jobOutcomes.inc({ job: CERTIFICATE_SWEEP_JOB, outcome: 'completed' });
    }),
  );
}
