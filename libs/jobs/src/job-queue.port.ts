/**
 * The JobQueue port. The in-process adapter is the embedded default; BullMQ on Redis is production. Both pass
 * the one contract suite in `testing/job-queue.contract.ts`.
 *
 * Job ids are the unit of deduplication: enqueuing an id that the queue still holds (waiting, delayed, active,
 * completed or failed) is dropped, which is what lets reactors replay events without duplicating work. Ids are
 * scoped per job name.
 */
export type JobPayloadValue = string | number | boolean | null | readonly JobPayloadValue[] | JobPayload;
/** JSON with ids only: personal data never travels through a queue (see `assertJobPayloadSafe`). */
export type JobPayload = { readonly [key: string]: JobPayloadValue };

export interface ExponentialBackoff {
  readonly type: 'exponential';
  /** Delay before the first retry; each further retry doubles it. */
  readonly delayMs: number;
}

export interface EnqueueOptions {
  /** Deterministic id for deduplication; generated when omitted. */
  readonly jobId?: string;
  /** Total tries including the first one. Default 1. */
  readonly attempts?: number;
  readonly backoff?: ExponentialBackoff;
  /** Run no earlier than this many milliseconds from now. */
  readonly delayMs?: number;
}

export type EnqueueStatus = 'enqueued' | 'duplicate';

export interface EnqueueResult {
  readonly jobId: string;
  /** `duplicate`: a job with this id already existed and nothing was added. */
  readonly status: EnqueueStatus;
}

/** Exactly one of `cron` (5 or 6 fields, seconds first when 6) or `everyMs`. */
export interface RepeatOptions {
  /** Id of the schedule; repeating again with the same id replaces the schedule instead of adding one. */
  readonly jobId: string;
  readonly cron?: string;
  /**
   * IANA time zone the `cron` is read in, clock changes included (`Europe/Prague`); default `UTC`. Only with
   * `cron`.
   */
  readonly timeZone?: string;
  readonly everyMs?: number;
  readonly attempts?: number;
  readonly backoff?: ExponentialBackoff;
}

export interface JobContext<P extends JobPayload = JobPayload> {
  readonly id: string;
  readonly name: string;
  readonly payload: P;
  /** 1 for the first try. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

/** Resolving completes the job; throwing fails this attempt (retried while attempts remain). */
export type JobHandler<P extends JobPayload = JobPayload> = (job: JobContext<P>) => Promise<void>;

export interface ProcessOptions {
  /** Most jobs of this name run at once in this process. Default 1. */
  readonly concurrency?: number;
}

export interface FailedJob {
  readonly id: string;
  readonly name: string;
  readonly payload: JobPayload;
  /**
   * The last error's stable `code`, or its class name when it has none. Never its message: free text that may
   * quote input, personal data included, and a failed job is kept until an operator retries it.
   */
  readonly error: string;
  readonly attemptsMade: number;
  /** ISO-8601 UTC. */
  readonly failedAt: string;
}

export interface JobCounts {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly completed: number;
  readonly failed: number;
}

/** Where a job is: waiting (or prioritised) to run, delayed (a backoff or a delay), running, or done. */
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

export interface CloseOptions {
  /** Wait for the jobs that are running to finish (default true); nothing new is started either way. */
  readonly drain?: boolean;
}

export interface JobQueue {
  enqueue(name: string, payload: JobPayload, options?: EnqueueOptions): Promise<EnqueueResult>;
  /** Creates or replaces the schedule `options.jobId` of job `name`. */
  repeat(name: string, payload: JobPayload, options: RepeatOptions): Promise<void>;
  /** Removes a schedule; `false` when there was none. */
  removeRepeat(name: string, jobId: string): Promise<boolean>;
  /** Registers the processor of job `name`; one per name per queue instance. */
  process<P extends JobPayload = JobPayload>(
    name: string,
    handler: JobHandler<P>,
    options?: ProcessOptions,
  ): Promise<void>;
  /** Jobs of `name` whose attempts are exhausted, newest first. */
  failedJobs(name: string): Promise<FailedJob[]>;
  /** Moves a failed job back to waiting with fresh attempts; `false` when no failed job has this id. */
  retryFailed(jobId: string): Promise<boolean>;
  /** The state of job `jobId` of `name`; null when the queue no longer knows it (never queued, or forgotten). */
  stateOf(name: string, jobId: string): Promise<JobState | null>;
  /** Counts per job name known to this queue instance. */
  counts(): Promise<Readonly<Record<string, JobCounts>>>;
  close(options?: CloseOptions): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');
