import type { EventFilter, RecordedEvent, Subscription } from '../../port';
import { toRecordedEventFromAll, type EsdbResolvedEvent } from './esdb-mapping';
import { EsdbSubscriptionDroppedError } from './esdb.errors';

/** The part of the client's `$all` subscription this adapter uses (an object-mode Readable of resolved events). */
export interface EsdbSubscriptionSource {
  on(event: 'data', listener: (resolved: EsdbResolvedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  once(event: 'end' | 'close', listener: () => void): unknown;
  pause(): unknown;
  resume(): unknown;
  isPaused(): boolean;
  destroy(): unknown;
  unsubscribe(): Promise<void>;
}

/** The client keeps reading from the server while fewer than this many events wait for the consumer. */
const HIGH_WATER_MARK = 512;
const LOW_WATER_MARK = 128;

/**
 * Adapts the client's catch-up-then-live `$all` subscription to the port: events strictly after the
 * checkpoint, each once and in global order, only ours (no system events) and only those the filter names.
 * A buffer with back-pressure sits between the stream and `for await`, so that `close()` ends the iteration at
 * once even while the consumer is waiting and the server is quiet.
 */
export class EsdbSubscription implements Subscription, AsyncIterableIterator<RecordedEvent> {
  private readonly buffer: RecordedEvent[] = [];
  /** Highest position seen, delivered or filtered out: nothing at or before it is delivered again. */
  private lastPosition: bigint;
  private closed = false;
  private ended = false;
  private failure: { readonly error: unknown } | undefined;
  private wake: (() => void) | undefined;
  /** Serialises `next()` calls so that two callers never receive the same event. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly source: EsdbSubscriptionSource,
    after: bigint | undefined,
    private readonly filter: EventFilter | undefined,
    private readonly onClose: (subscription: EsdbSubscription) => void = () => undefined,
  ) {
    this.lastPosition = after ?? -1n;
    source.on('data', (resolved: EsdbResolvedEvent) => this.accept(resolved));
    source.on('error', (error: Error) => this.fail(error));
    source.once('end', () => this.end());
    source.once('close', () => this.end());
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<RecordedEvent>> {
    const result = this.tail.then(() => this.pull());
    this.tail = result.catch(() => undefined);
    return result;
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.close();
    return { value: undefined, done: true };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.buffer.length = 0;
    this.wakeUp();
    this.onClose(this);
    try {
      await this.source.unsubscribe();
    } finally {
      this.source.destroy();
    }
  }

  private async pull(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.closed) return { value: undefined, done: true };
      const next = this.buffer.shift();
      if (next !== undefined) {
        if (this.buffer.length <= LOW_WATER_MARK && this.source.isPaused()) this.source.resume();
        return { value: next, done: false };
      }
      // Everything received before a failure is delivered first, so the consumer's checkpoint is as far on as it can be.
      if (this.failure !== undefined) throw this.failure.error;
      if (this.ended) throw new EsdbSubscriptionDroppedError();
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private accept(resolved: EsdbResolvedEvent): void {
    if (this.closed || this.failure !== undefined) return;
    try {
      const { position, event } = toRecordedEventFromAll(resolved, this.filter);
      if (position === undefined || position <= this.lastPosition) return;
      this.lastPosition = position;
      if (event === null) return;
      this.buffer.push(event);
      if (this.buffer.length >= HIGH_WATER_MARK) this.source.pause();
      this.wakeUp();
    } catch (error) {
      this.fail(error);
      // Nothing after an unreadable event may be delivered, or a consumer would checkpoint past it.
      void this.source.unsubscribe().catch(() => undefined);
    }
  }

  private fail(error: unknown): void {
    if (this.closed || this.failure !== undefined) return;
    this.failure = { error };
    this.wakeUp();
  }

  private end(): void {
    this.ended = true;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
