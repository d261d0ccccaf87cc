import { newId, type Clock, type Logger, type Metrics } from '@app/platform';
import { startReactor, type CheckpointStore } from '@app/jobs';
import type { Runtime } from '../runtime/runtime';
import { CertificateIssuer } from './certificate-issuer';
import {
  CERTIFICATE_SWEEP_JOB,
  matchIdsFromReadModel,
  registerCertificateProcessors,
} from './certificate-jobs';
import { CertificateNumberLedgerStore } from './certificate-number-ledger.store';
import { certificatePolicyFrom } from './certificate-settings';
import { certificateReactor, EVALUATE_CERTIFICATE_JOB } from './certificate.reactor';
import { dailySweepSchedule } from '../runtime/daily-sweep-schedule';

export interface RunningJobs {
  stop(): Promise<void>;
}

/**
 * Certificates: the reactor that asks for evaluations, the evaluation and sweep processors, and the daily
 * schedule. On the embedded default (in-process jobs, forgotten at restart) the sweep also runs once at start.
 */
export async function startCertificateJobs(
  runtime: Runtime,
  checkpoints: CheckpointStore,
  logger: Logger,
  metrics: Metrics,
  clock: Clock,
): Promise<RunningJobs> {
  const { config } = runtime;
  const policy = certificatePolicyFrom(config.certificates);
  const readModels = { documents: runtime.documents, collection: (name: string) => runtime.collection(name) };
  const ledger = new CertificateNumberLedgerStore(runtime.eventStore, config.certificates.numberPrefix);
  const issuer = new CertificateIssuer({
    store: runtime.eventStore,
    ledger,
    policy,
    clock,
    matchIdsOf: matchIdsFromReadModel(readModels),
    onUnusableAllocation: ({ certificateNo, policyVersion }) => {
      metrics.jobOutcomes.inc({ job: EVALUATE_CERTIFICATE_JOB, outcome: 'unusable_allocation' });
      logger.error(
        { certificateNo, policyVersion },
        'allocated certificate number cannot be issued: the volunteer already holds a certificate of its version',
      );
    },
  });
  await registerCertificateProcessors({
    readModels,
    queue: runtime.jobs,
    ledger,
    clock,
    issuer,
    metrics,
    logger,
  });
  await runtime.jobs.repeat(
    CERTIFICATE_SWEEP_JOB,
    {},
    dailySweepSchedule('certificate-sweep-daily', config.certificates.sweepCron),
  );
  const reactor = startReactor({
    reactor: certificateReactor,
    store: runtime.eventStore,
    queue: runtime.jobs,
    checkpoints,
    onError: (error) =>
      logger.warn(
        { err: error instanceof Error ? error.name : 'unknown' },
        'certificate reactor resubscribes',
      ),
  });
  if (config.redisUrl === undefined) {
    void runtime.jobs
      .enqueue(CERTIFICATE_SWEEP_JOB, {}, { jobId: `${CERTIFICATE_SWEEP_JOB}:start:${newId()}`, attempts: 3 })
      .catch((error: unknown) =>
        logger.error(
          { err: error instanceof Error ? error.name : 'unknown' },
          'certificate sweep at start not enqueued',
        ),
      );
  }
  logger.info({ policyVersion: policy.version }, 'certificate jobs started');
  return { stop: () => reactor.stop() };
}
