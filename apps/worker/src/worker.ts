import type { Clock, Logger, Metrics } from '@app/platform';
import type { Runtime } from './runtime/runtime';

export interface RunningWorker {
  stop(): Promise<void>;
}

export interface WorkerOptions {
  readonly clock?: Clock;
}

/**
 * Reactors and job processors. Projections are started by the runtime (where this process projects); this
 * adds the work that turns events into jobs and jobs into commands.
 */
export async function startWorker(
  runtime: Runtime,
  logger: Logger,
  metrics: Metrics,
  options: WorkerOptions = {},
): Promise<RunningWorker> {
  void runtime;
  void metrics;
  void options;
  logger.info({ jobs: runtime.config.redisUrl === undefined ? 'in-process' : 'bullmq' }, 'worker started');
  return { stop: async () => undefined };
}
