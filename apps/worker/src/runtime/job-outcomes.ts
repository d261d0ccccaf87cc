import type { JobHandler, JobPayload } from '@app/jobs';
import type { Metrics } from '@app/platform';

/**
 * Counts an attempt that throws, then throws again so that the queue still retries or fails the job: `retried`
 * while attempts remain, `failed` when none do (the job then waits in `failedJobs` for an operator). Success is
 * counted by the handler, which alone knows its outcome. Neither the error nor the payload reaches a label: a
 * message is free text and ids have no bound, and either could single out a person.
 */
export function countingFailures<P extends JobPayload>(
  metrics: Metrics | undefined,
  name: string,
  handler: JobHandler<P>,
): JobHandler<P> {
  return async (job) => {
    try {
      await handler(job);
    } catch (error) {
      metrics?.jobOutcomes.inc({ job: name, outcome: job.attempt < job.maxAttempts ? 'retried' : 'failed' });
      throw error;
    }
  };
}
