import type { EventFilter, EventStore, RecordedEvent, Subscription } from '@app/event-store';
import type { CheckpointStore } from './checkpoint-store';
import type { EnqueueOptions, JobPayload, JobQueue } from './job-queue.port';

/** A job a reactor wants for an event. */
export interface JobRequest {
  readonly name: string;
  readonly payload: JobPayload;
  /** Default `reactorJobId(name, event.streamId, event.position)`; give one when an event asks for two jobs of one name. */
  readonly jobId?: string;
  readonly options?: Omit<EnqueueOptions, 'jobId'>;
}

/**
 * Turns events into jobs. `react` is pure: the same event always yields the same requests with the same ids, so
 * a replay from an older checkpoint is deduplicated by the queue and its effects happen once.
 */
export interface Reactor {
  /** Checkpoint key; stable for the life of the reactor. */
  readonly name: string;
  readonly filter?: EventFilter;
  react(event: RecordedEvent): readonly JobRequest[];
}

/** Deterministic id of a job caused by an event: the same event always names the same job. */
export const reactorJobId = (jobName: string, entityId: string, position: bigint): string =>
  `${jobName}:${entityId}:${position}`;

export interface StartReactorOptions {
  readonly reactor: Reactor;
  readonly store: EventStore;
  readonly queue: JobQueue;
  readonly checkpoints: CheckpointStore;
  /** Pause before resubscribing from the checkpoint after a failure (Redis down, store closed…). Default 1000 ms. */
  readonly retryDelayMs?: number;
  /** Failures the reactor recovers from by resubscribing; they carry no event data. */
  readonly onError?: (error: unknown) => void;
}

export interface RunningReactor {
  /** Position of the last event whose jobs are enqueued and checkpointed; `null` before the first. */
  readonly position: bigint | null;
  /** Resolves once the reactor has checkpointed `position` or later (positions of events its filter matches). */
  waitForPosition(position: bigint, timeoutMs?: number): Promise<void>;
  /** Finishes the event in hand (enqueue and checkpoint), then stops. */
  stop(): Promise<void>;
}

/**
 * Checkpointed subscription whose effect is enqueuing jobs. Per event: enqueue every job, then store the
 * checkpoint. A crash between the two replays the event on restart and the queue drops the jobs by id:
 * at-least-once enqueue plus dedup by job id gives an exactly-once effect.
 */
export function startReactor(options: StartReactorOptions): RunningReactor {
  return new ReactorRunner(options);
}

class ReactorRunner implements RunningReactor {
  position: bigint | null = null;
  private subscription: Subscription | undefined;
  private stopped = false;
  private wakeRetry: (() => void) | undefined;
  private waiters: { position: bigint; resolve: () => void }[] = [];
  private readonly loop: Promise<void>;

  constructor(private readonly options: StartReactorOptions) {
    this.loop = this.run();
  }

  async waitForPosition(position: bigint, timeoutMs = 10_000): Promise<void> {
    if (this.position !== null && this.position >= position) return;
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        reject(
          new Error(
            `Reactor ${this.options.reactor.name} did not reach position ${position} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeRetry?.();
    await this.subscription?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { reactor, store, checkpoints } = this.options;
    while (!this.stopped) {
      try {
        this.position = await checkpoints.get(reactor.name);
        this.subscription = store.subscribeToAll({
          ...(this.position !== null ? { after: this.position } : {}),
          ...(reactor.filter ? { filter: reactor.filter } : {}),
        });
        for await (const event of this.subscription) {
          await this.handle(event);
          if (this.stopped) break;
        }
      } catch (error) {
        if (this.stopped) break;
        this.options.onError?.(error);
        await this.pauseBeforeRetry();
      } finally {
        await this.subscription?.close().catch(() => undefined);
        this.subscription = undefined;
      }
    }
  }

  private async handle(event: RecordedEvent): Promise<void> {
    const { reactor, queue, checkpoints } = this.options;
    for (const request of reactor.react(event)) {
      await queue.enqueue(request.name, request.payload, {
        ...request.options,
        jobId: request.jobId ?? reactorJobId(request.name, event.streamId, event.position),
      });
    }
    await checkpoints.set(reactor.name, event.position);
    this.position = event.position;
    const reached = this.waiters.filter((waiter) => waiter.position <= event.position);
    this.waiters = this.waiters.filter((waiter) => waiter.position > event.position);
    for (const waiter of reached) waiter.resolve();
  }

  private pauseBeforeRetry(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.options.retryDelayMs ?? 1_000);
      this.wakeRetry = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
