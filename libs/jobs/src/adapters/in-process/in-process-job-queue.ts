import { randomUUID } from 'node:crypto';
import { JobQueueClosedError, ProcessorAlreadyRegisteredError, jobFailureOf } from '../../errors';
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
import { assertValidCron, nextCronTime } from './cron-schedule';

interface StoredJob {
  readonly id: string;
  readonly name: string;
  readonly payload: JobPayload;
  readonly maxAttempts: number;
  readonly backoff: ExponentialBackoff | undefined;
  state: JobState;
  attemptsMade: number;
  runAt: number;
  /** Insertion order, so that jobs due at the same time run first-in first-out. */
  readonly sequence: number;
  error?: string;
  failedAt?: number;
}

interface Schedule {
  readonly name: string;
  readonly payload: JobPayload;
  readonly options: RepeatOptions;
  timer?: NodeJS.Timeout;
}

interface Processor {
  readonly handler: JobHandler;
  readonly concurrency: number;
  running: number;
}

export interface InProcessJobQueueOptions {
  /** Completed jobs remembered for deduplication, per job name; the oldest are forgotten first. Default 10 000. */
  readonly keepCompleted?: number;
  /** Injected for tests; defaults to `Date.now`. */
  readonly now?: () => number;
  /** A scheduled run that could not be enqueued; carries no job data. */
  readonly onError?: (error: Error) => void;
}

/** JSON round trip, as BullMQ stores payloads: a handler never shares objects with the caller. */
const cloneJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(errorMessage(error)));

/** Errors thrown in another realm (jest's vm, worker threads) fail `instanceof Error`, so read the message by shape. */
const errorMessage = (error: unknown): string =>
  typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
    ? (error as { message: string }).message
    : 'non-error thrown';

const TIMER_MAX_MS = 2_147_483_647;

/**
 * The embedded default: timers in this process, nothing kept across restarts. That is acceptable because the
 * work it carries is derived: at start, reactors resume from their stored checkpoints (re-enqueuing with the
 * same deterministic job ids whatever was enqueued but not yet checkpointed) and sweeps (reminders, expiries)
 * run once before their schedules take over. Jobs that were waiting, delayed or failed when the process stopped
 * are therefore re-derived rather than restored.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly jobs = new Map<string, Map<string, StoredJob>>();
  private readonly schedules = new Map<string, Schedule>();
  private readonly processors = new Map<string, Processor>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly keepCompleted: number;
  private readonly now: () => number;
  private readonly onError: ((error: Error) => void) | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private sequence = 0;
  private closed = false;

  constructor(options: InProcessJobQueueOptions = {}) {
    this.keepCompleted = options.keepCompleted ?? 10_000;
    this.now = options.now ?? Date.now;
    this.onError = options.onError;
  }

  async enqueue(name: string, payload: JobPayload, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    this.assertOpen();
    assertValidJobName(name);
    assertJobPayloadSafe(name, payload);
    assertValidEnqueueOptions(options);
    const jobId = options.jobId ?? randomUUID();
    const jobsOfName = this.jobsOf(name);
    if (jobsOfName.has(jobId)) return { jobId, status: 'duplicate' };
    const delayMs = options.delayMs ?? 0;
    jobsOfName.set(jobId, {
      id: jobId,
      name,
      payload: cloneJson(payload),
      maxAttempts: options.attempts ?? 1,
      backoff: options.backoff,
      state: delayMs > 0 ? 'delayed' : 'waiting',
      attemptsMade: 0,
      runAt: this.now() + delayMs,
      sequence: this.sequence++,
    });
    this.schedulePump();
    return { jobId, status: 'enqueued' };
  }

  async repeat(name: string, payload: JobPayload, options: RepeatOptions): Promise<void> {
    this.assertOpen();
    assertValidJobName(name);
    assertJobPayloadSafe(name, payload);
    assertValidRepeatOptions(options);
    if (options.cron !== undefined) assertValidCron(options.cron);
    this.clearSchedule(name, options.jobId);
    const schedule: Schedule = { name, payload: cloneJson(payload), options };
    this.schedules.set(this.scheduleKey(name, options.jobId), schedule);
    this.armSchedule(schedule);
  }

  async removeRepeat(name: string, jobId: string): Promise<boolean> {
    assertValidJobName(name);
    assertValidJobId(jobId);
    return this.clearSchedule(name, jobId);
  }

  async process<P extends JobPayload = JobPayload>(
    name: string,
    handler: JobHandler<P>,
    options: ProcessOptions = {},
  ): Promise<void> {
    this.assertOpen();
    assertValidJobName(name);
    if (this.processors.has(name)) throw new ProcessorAlreadyRegisteredError(name);
    const concurrency = options.concurrency ?? 1;
    this.processors.set(name, {
      handler: handler as unknown as JobHandler,
      concurrency: Math.max(1, concurrency),
      running: 0,
    });
    this.jobsOf(name);
    this.schedulePump();
  }

  async failedJobs(name: string): Promise<FailedJob[]> {
    assertValidJobName(name);
    return [...this.jobsOf(name).values()]
      .filter((job) => job.state === 'failed')
      .sort((a, b) => (b.failedAt ?? 0) - (a.failedAt ?? 0) || b.sequence - a.sequence)
      .map((job) => ({
        id: job.id,
        name: job.name,
        payload: cloneJson(job.payload),
        error: job.error ?? '',
        attemptsMade: job.attemptsMade,
        failedAt: new Date(job.failedAt ?? 0).toISOString(),
      }));
  }

  async retryFailed(jobId: string): Promise<boolean> {
    this.assertOpen();
    for (const jobsOfName of this.jobs.values()) {
      const job = jobsOfName.get(jobId);
      if (job?.state !== 'failed') continue;
      job.state = 'waiting';
      job.attemptsMade = 0;
      job.runAt = this.now();
      delete job.error;
      delete job.failedAt;
      this.schedulePump();
      return true;
    }
    return false;
  }

  async stateOf(name: string, jobId: string): Promise<JobState | null> {
    this.assertOpen();
    return this.jobs.get(name)?.get(jobId)?.state ?? null;
  }

  async counts(): Promise<Readonly<Record<string, JobCounts>>> {
    const result: Record<string, JobCounts> = {};
    for (const [name, jobsOfName] of this.jobs) {
      const counts = { waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 };
      for (const job of jobsOfName.values()) counts[job.state] += 1;
      result[name] = counts;
    }
    return result;
  }

  async close(options: CloseOptions = {}): Promise<void> {
    this.closed = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    for (const schedule of this.schedules.values()) if (schedule.timer) clearTimeout(schedule.timer);
    this.schedules.clear();
    if (options.drain ?? true) await Promise.allSettled([...this.inFlight]);
  }

  private assertOpen(): void {
    if (this.closed) throw new JobQueueClosedError();
  }

  private jobsOf(name: string): Map<string, StoredJob> {
    let jobsOfName = this.jobs.get(name);
    if (!jobsOfName) {
      jobsOfName = new Map();
      this.jobs.set(name, jobsOfName);
    }
    return jobsOfName;
  }

  private scheduleKey(name: string, jobId: string): string {
    return `${name}\u0000${jobId}`;
  }

  private clearSchedule(name: string, jobId: string): boolean {
    const key = this.scheduleKey(name, jobId);
    const existing = this.schedules.get(key);
    if (!existing) return false;
    if (existing.timer) clearTimeout(existing.timer);
    this.schedules.delete(key);
    return true;
  }

  private armSchedule(schedule: Schedule): void {
    const now = this.now();
    const { cron, everyMs, timeZone } = schedule.options;
    // `every` slots are aligned to multiples of the interval, as BullMQ aligns them.
    const fireAt =
      cron !== undefined ? nextCronTime(cron, now, timeZone) : (Math.floor(now / everyMs!) + 1) * everyMs!;
    schedule.timer = setTimeout(
      () => this.fireSchedule(schedule, fireAt),
      Math.min(Math.max(0, fireAt - now), TIMER_MAX_MS),
    );
  }

  private fireSchedule(schedule: Schedule, fireAt: number): void {
    if (
      this.closed ||
      this.schedules.get(this.scheduleKey(schedule.name, schedule.options.jobId)) !== schedule
    )
      return;
    if (this.now() < fireAt) {
      // Timers longer than ~24.8 days are split; wait for the rest.
      schedule.timer = setTimeout(
        () => this.fireSchedule(schedule, fireAt),
        Math.min(fireAt - this.now(), TIMER_MAX_MS),
      );
      return;
    }
    const { jobId, attempts, backoff } = schedule.options;
    this.enqueue(schedule.name, schedule.payload, {
      jobId: `repeat:${jobId}:${fireAt}`,
      attempts,
      backoff,
    }).catch((error: unknown) => this.onError?.(asError(error)));
    this.armSchedule(schedule);
  }

  /** Starts every due job that a processor has room for, then sleeps until the next delayed one is due. */
  private pump(): void {
    if (this.closed) return;
    const now = this.now();
    let nextDue = Number.POSITIVE_INFINITY;
    for (const [name, processor] of this.processors) {
      const due: StoredJob[] = [];
      for (const job of this.jobsOf(name).values()) {
        if (job.state !== 'waiting' && job.state !== 'delayed') continue;
        if (job.runAt <= now) due.push(job);
        else nextDue = Math.min(nextDue, job.runAt);
      }
      due.sort((a, b) => a.runAt - b.runAt || a.sequence - b.sequence);
      for (const job of due) {
        if (processor.running >= processor.concurrency) break;
        this.start(processor, job);
      }
    }
    this.armWake(nextDue);
  }

  private schedulePump(): void {
    this.armWake(this.now());
  }

  private armWake(at: number): void {
    if (this.closed || at === Number.POSITIVE_INFINITY) return;
    if (this.wakeTimer && this.wakeAt <= at) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeAt = at;
    this.wakeTimer = setTimeout(
      () => {
        this.wakeTimer = undefined;
        this.wakeAt = Number.POSITIVE_INFINITY;
        this.pump();
      },
      Math.min(Math.max(0, at - this.now()), TIMER_MAX_MS),
    );
  }

  private start(processor: Processor, job: StoredJob): void {
    processor.running += 1;
    job.state = 'active';
    job.attemptsMade += 1;
    const run = this.runHandler(processor, job).finally(() => {
      processor.running -= 1;
      this.inFlight.delete(run);
      this.schedulePump();
    });
    this.inFlight.add(run);
  }

  private async runHandler(processor: Processor, job: StoredJob): Promise<void> {
    try {
      await processor.handler({
        id: job.id,
        name: job.name,
        payload: cloneJson(job.payload),
        attempt: job.attemptsMade,
        maxAttempts: job.maxAttempts,
      });
      job.state = 'completed';
      this.forgetOldCompleted(job.name);
    } catch (error) {
      const message = jobFailureOf(error);
      if (job.attemptsMade < job.maxAttempts) {
        const delay = job.backoff ? job.backoff.delayMs * 2 ** (job.attemptsMade - 1) : 0;
        job.state = delay > 0 ? 'delayed' : 'waiting';
        job.runAt = this.now() + delay;
        job.error = message;
      } else {
        job.state = 'failed';
        job.error = message;
        job.failedAt = this.now();
      }
    }
  }

  private forgetOldCompleted(name: string): void {
    const jobsOfName = this.jobsOf(name);
    let completed = 0;
    for (const job of jobsOfName.values()) if (job.state === 'completed') completed += 1;
    if (completed <= this.keepCompleted) return;
    // Map iteration is insertion order, so the first completed ones are the oldest.
    for (const [id, job] of jobsOfName) {
      if (completed <= this.keepCompleted) break;
      if (job.state !== 'completed') continue;
      jobsOfName.delete(id);
      completed -= 1;
    }
  }
}
