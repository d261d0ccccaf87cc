import { systemClock, type Clock, type Logger, type Metrics } from '@app/platform';
import { startCertificateJobs, type RunningJobs } from './certificates/start-certificate-jobs';
import {
  DEPARTING_PARTIES,
  startDepartureProcessManager,
} from './process-managers/departures.process-manager';
import { startReminderJobs } from './reminders/reminder-sweep';
import { documentStoreCheckpoints } from './runtime/reactor-checkpoints';
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
  const clock = options.clock ?? systemClock;
  // Kept with the read models, so a production worker needs no disk of its own.
  const checkpoints = documentStoreCheckpoints(runtime.documents);
  const started: RunningJobs[] = [];
  try {
    started.push(await startCertificateJobs(runtime, checkpoints, logger, metrics, clock));
    started.push(await startReminderJobs(runtime, logger, metrics, clock));
    for (const party of DEPARTING_PARTIES)
      started.push(await startDepartureProcessManager(runtime, party, logger, clock, metrics));
  } catch (error) {
    await Promise.all(started.map((jobs) => jobs.stop()));
    throw error;
  }
  logger.info({ jobs: runtime.config.redisUrl === undefined ? 'in-process' : 'bullmq' }, 'worker started');
  return {
    stop: async () => {
      for (const jobs of started.reverse()) await jobs.stop();
    },
  };
}
