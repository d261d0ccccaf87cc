import type { JobHandler, JobPayload } from '@app/jobs';
import { errorCodeOf, type Logger, type Metrics } from '@app/platform';

/** Where a job's failed attempts are reported: counted as metrics, and logged with the job's id. */
export interface JobObservers {
  readonly metrics?: Metrics;
  readonly logger?: Pick<Logger, 'warn' | 'error'>;
}

/**
 * Counts and logs an attempt that throws, then throws again so that the queue still retries or fails the job:
 * `retried` while attempts remain, `failed` when none do (the job then waits in `failedJobs` for an operator,
 * who finds it by the id the error line gives). Success is counted by the handler, which alone knows its
 * outcome. Neither the error's message nor the payload reaches a label or a log line: a message is free text
 * and could single out a person; job ids are built from record ids only.
 */
export function countingFailures<P extends JobPayload>(
  observers: JobObservers,
  name: string,
  handler: JobHandler<P>,
): JobHandler<P> {
  return async (job) => {
    try {
      await handler(job);
    } catch (error) {
      const final = job.attempt >= job.maxAttempts;
      observers.metrics?.jobOutcomes.inc({ job: name, outcome: final ? 'failed' : 'retried' });
      const fields = {
        job: name,
        jobId: job.id,
        attempt: job.attempt,
        maxAttempts: job.maxAttempts,
        err: error instanceof Error ? error.name : 'unknown',
        code: errorCodeOf(error) ?? undefined,
      };
      if (final)
        observers.logger?.error(fields, 'job failed on its last attempt; it waits in the failed list');
      else observers.logger?.warn(fields, 'job attempt failed; it will be retried');
      throw error;
    }
  };
}
