import { randomUUID } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions, type Job, type JobsOptions } from 'bullmq';
import {
  InvalidJobOptionsError,
  JobQueueClosedError,
  ProcessorAlreadyRegisteredError,
  jobFailureOf,
} from '../../errors';
import type {
  CloseOptions,
  EnqueueOptions,
  EnqueueResult,
  ExponentialBackoff,
  FailedJob,
  JobCounts,
  JobHandler,
  JobPayload,
  JobQueue,
  JobState,
  ProcessOptions,
  RepeatOptions,
} from '../../job-queue.port';
import {
  assertJobPayloadSafe,
  assertValidEnqueueOptions,
  assertValidJobId,
  assertValidJobName,
  assertValidRepeatOptions,
} from '../../payload-guard';
import { assertValidCron } from '../in-process/cron-schedule';

export interface BullMqJobQueueOptions {
  /** e.g. `{ url: process.env.REDIS_URL }` or `{ host, port }`. */
  readonly connection: ConnectionOptions;
  /** Redis key prefix; one per deployment (and per test run). Default `pruvodce`. */
  readonly prefix?: string;
  /**
   * Completed jobs kept per job name. Deduplication by job id only holds while the job is kept, so this is the
   * dedup window for replays. Default 10 000, as the in-process adapter.
   */
  readonly keepCompleted?: number;
  /** Stalled-job recovery: a job whose worker died is retried once its lock expires (defaults 30 s / 30 s). */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  /** Times a job may stall before it fails. Default 1 (BullMQ's). */
  readonly maxStalledCount?: number;
  /** Connection and worker errors; they carry no job data. */
  readonly onError?: (error: Error) => void;
}

/** What the adapter stores as BullMQ job data: the payload plus a nonce that tells a new job from a duplicate. */
interface JobEnvelope {
  readonly payload: JobPayload;
  readonly token: string;
}

const SCHEDULE_TOKEN = 'schedule';

const definedOnly = <T extends Record<string, unknown>>(values: T): Partial<T> =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;

/**
 * BullMQ refuses custom ids with `:` (except a legacy three-part form), yet deterministic ids such as
 * `issueCertificate:match-…:42` are natural. `%` is not allowed in port ids, so this mapping is one-to-one.
 */
export const toBullMqJobId = (jobId: string): string => jobId.replaceAll(':', '%');
export const fromBullMqJobId = (bullMqJobId: string): string => bullMqJobId.replaceAll('%', ':');

/**
 * Production adapter: one BullMQ `Queue` and at most one `Worker` per job name, sharing a key prefix.
 * Workers get `maxRetriesPerRequest: null` (BullMQ requires it for blocking commands); queues get it too, so that
 * an enqueue during a Redis restart waits for the reconnection instead of failing.
 */
export class BullMqJobQueue implements JobQueue {
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Map<string, Worker>();
  private readonly prefix: string;
  private readonly keepCompleted: number;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BullMqJobQueueOptions) {
    // Checked here because a BullMQ Worker that rejects its options has already opened a connection it never closes.
    for (const [option, value, minimum] of [
      ['lockDurationMs', options.lockDurationMs, 1],
      ['stalledIntervalMs', options.stalledIntervalMs, 1],
      ['maxStalledCount', options.maxStalledCount, 0],
      ['keepCompleted', options.keepCompleted, 0],
    ] as const) {
      if (value !== undefined && !(Number.isSafeInteger(value) && value >= minimum)) {
        throw new InvalidJobOptionsError(`${option} must be an integer >= ${minimum}`);
      }
    }
    this.prefix = options.prefix ?? 'pruvodce';
    this.keepCompleted = options.keepCompleted ?? 10_000;
  }

  async enqueue(name: string, payload: JobPayload, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    this.assertOpen();
    assertValidJobName(name);
    assertJobPayloadSafe(name, payload);
    assertValidEnqueueOptions(options);
    const jobId = options.jobId ?? randomUUID();
    const bullMqJobId = toBullMqJobId(jobId);
    const token = randomUUID();
    const queue = this.queueOf(name);
    const envelope: JobEnvelope = { payload, token };
    await queue.add(name, envelope, {
      ...this.retryOptions(options.attempts, options.backoff),
      jobId: bullMqJobId,
      ...definedOnly({ delay: options.delayMs }),
    });
    if (options.jobId === undefined) return { jobId, status: 'enqueued' };
    // BullMQ answers a duplicate id with the id alone; the stored nonce tells whose job it is.
    const stored = (await queue.getJob(bullMqJobId)) as Job<JobEnvelope> | undefined;
    const isOurs = stored === undefined || stored.data.token === token;
    return { jobId, status: isOurs ? 'enqueued' : 'duplicate' };
  }

  async repeat(name: string, payload: JobPayload, options: RepeatOptions): Promise<void> {
    this.assertOpen();
    assertValidJobName(name);
    assertJobPayloadSafe(name, payload);
    assertValidRepeatOptions(options);
    if (options.cron !== undefined) assertValidCron(options.cron);
    const envelope: JobEnvelope = { payload, token: SCHEDULE_TOKEN };
    await this.queueOf(name).upsertJobScheduler(
      toBullMqJobId(options.jobId),
      options.cron !== undefined
        ? { pattern: options.cron, tz: options.timeZone ?? 'UTC' }
        : { every: options.everyMs },
      { name, data: envelope, opts: this.retryOptions(options.attempts, options.backoff) },
    );
  }

  async removeRepeat(name: string, jobId: string): Promise<boolean> {
    assertValidJobName(name);
    assertValidJobId(jobId);
    return this.queueOf(name).removeJobScheduler(toBullMqJobId(jobId));
  }

  async process<P extends JobPayload = JobPayload>(
    name: string,
    handler: JobHandler<P>,
    options: ProcessOptions = {},
  ): Promise<void> {
    this.assertOpen();
    assertValidJobName(name);
    if (this.workers.has(name)) throw new ProcessorAlreadyRegisteredError(name);
    this.queueOf(name);
    const worker = new Worker<JobEnvelope>(
      name,
      async (job) => {
        try {
          await handler({
            id: fromBullMqJobId(job.id ?? ''),
            name,
            payload: job.data.payload as P,
            attempt: job.attemptsMade + 1,
            maxAttempts: job.opts.attempts ?? 1,
          });
        } catch (error) {
          // BullMQ keeps a failed job's message and stack in Redis until it is retried: only the code goes there.
          const failure = new Error(jobFailureOf(error));
          failure.stack = failure.message;
          throw failure;
        }
      },
      {
        connection: { ...this.options.connection, maxRetriesPerRequest: null },
        prefix: this.prefix,
        concurrency: Math.max(1, options.concurrency ?? 1),
        // BullMQ spreads options over its defaults, so an explicit `undefined` would erase a default.
        ...definedOnly({
          lockDuration: this.options.lockDurationMs,
          stalledInterval: this.options.stalledIntervalMs,
          maxStalledCount: this.options.maxStalledCount,
        }),
      },
    );
    worker.on('error', (error) => this.options.onError?.(error));
    this.workers.set(name, worker);
    await worker.waitUntilReady();
  }

  async failedJobs(name: string): Promise<FailedJob[]> {
    assertValidJobName(name);
    const jobs = (await this.queueOf(name).getFailed(0, -1)) as Job<JobEnvelope>[];
    return jobs
      .filter((job): job is Job<JobEnvelope> & { id: string } => job !== undefined && job.id !== undefined)
      .sort((a, b) => (b.finishedOn ?? 0) - (a.finishedOn ?? 0))
      .map((job) => ({
        id: fromBullMqJobId(job.id),
        name,
        payload: job.data.payload,
        error: job.failedReason ?? '',
        attemptsMade: job.attemptsMade,
        failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
      }));
  }

  async retryFailed(jobId: string): Promise<boolean> {
    this.assertOpen();
    assertValidJobId(jobId);
    for (const queue of this.queues.values()) {
      const job = await queue.getJob(toBullMqJobId(jobId));
      if (!job || !(await job.isFailed())) continue;
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    }
    return false;
  }

  async stateOf(name: string, jobId: string): Promise<JobState | null> {
    this.assertOpen();
    assertValidJobName(name);
    assertValidJobId(jobId);
    const state = await this.queueOf(name).getJobState(toBullMqJobId(jobId));
    switch (state) {
      case 'unknown':
        return null;
      case 'prioritized':
      case 'waiting-children':
        return 'waiting';
      default:
        return state;
    }
  }

  async counts(): Promise<Readonly<Record<string, JobCounts>>> {
    const result: Record<string, JobCounts> = {};
    for (const [name, queue] of this.queues) {
      const raw = await queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'completed', 'failed');
      result[name] = {
        waiting: (raw.wait ?? 0) + (raw.prioritized ?? 0),
        active: raw.active ?? 0,
        delayed: raw.delayed ?? 0,
        completed: raw.completed ?? 0,
        failed: raw.failed ?? 0,
      };
    }
    return result;
  }

  /** Workers first (`drain` waits for their running jobs; otherwise those jobs stall and are retried elsewhere), then queues. */
  close(options: CloseOptions = {}): Promise<void> {
    this.closing ??= (async () => {
      const force = !(options.drain ?? true);
      const workers = await Promise.allSettled(
        [...this.workers.values()].map((worker) => worker.close(force)),
      );
      const queues = await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
      const failure = [...workers, ...queues].find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    })();
    return this.closing;
  }

  /** Opens the queue of `name` without enqueuing, so that `counts`, `failedJobs` and `retryFailed` see it after a restart. */
  open(names: readonly string[]): void {
    for (const name of names) {
      assertValidJobName(name);
      this.queueOf(name);
    }
  }

  private assertOpen(): void {
    if (this.closing) throw new JobQueueClosedError();
  }

  private queueOf(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: { ...this.options.connection, maxRetriesPerRequest: null },
        prefix: this.prefix,
      });
      queue.on('error', (error) => this.options.onError?.(error));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private retryOptions(attempts: number | undefined, backoff: ExponentialBackoff | undefined): JobsOptions {
    return {
      attempts: attempts ?? 1,
      ...(backoff ? { backoff: { type: 'exponential', delay: backoff.delayMs } } : {}),
      removeOnComplete: { count: this.keepCompleted },
      removeOnFail: false,
    };
  }
}
