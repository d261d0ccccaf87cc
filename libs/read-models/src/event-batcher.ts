import type { RecordedEvent } from '@app/event-store';

const NOT_READY = Symbol('not-ready');
const ABORTED = Symbol('aborted');
const PROGRESSED = Symbol('progressed');

/** Events to apply, and the position the log has been read to with them (past the last event, at times). */
export interface EventBatch {
  /** In order; empty when the log moved on only past events the subscription passes over. */
  readonly events: readonly RecordedEvent[];
  readonly scannedTo: bigint;
}

/** `Subscription.onScannedTo`, where the subscription offers it. */
export type ScannedToSource = (listener: (position: bigint) => void) => () => void;

/**
 * Groups a subscription's events into batches of at most `maxSize`, spending at most `maxWaitMs` gathering one.
 * Live events are not held back to fill a batch (a mutation waiting to read its own write would pay for it): only when
 * the previous batch was full, i.e. while catching up, does it wait the window for more.
 *
 * Given the subscription's `onScannedTo`, a filtered subscription's progress past events it passes over comes
 * as a batch with no events, but only once every event handed out before it has been returned in a batch: the
 * caller may then store it as its checkpoint without losing any event. While waiting, progress is gathered for
 * `progressDelayMs` before it is returned (one batch for a stretch of access records, not one per commit),
 * unless `hurry()` asks for it at once.
 */
export class EventBatcher {
  /** A `next()` whose result has not been taken yet; a lost race must not drop the event it brings. */
  private pending: Promise<IteratorResult<RecordedEvent>> | null = null;
  /** Whether `pending` has settled, holding an event (or the end) that no batch has returned yet. */
  private pendingSettled = false;
  private catchingUp = true;
  /** Where the last batch returned ended; progress at or before it says nothing new. */
  private returnedTo: bigint | null = null;
  private scannedTo: bigint | null = null;
  private onProgress: (() => void) | null = null;
  private progressTimer: NodeJS.Timeout | undefined;
  private readonly stopListening: () => void;
  private readonly listensForProgress: boolean;

  constructor(
    private readonly iterator: AsyncIterator<RecordedEvent>,
    private readonly maxSize: number,
    private readonly maxWaitMs: number,
    scanned?: ScannedToSource,
    private readonly progressDelayMs = 0,
  ) {
    this.listensForProgress = scanned !== undefined;
    this.stopListening =
      scanned?.((position) => {
        if (this.scannedTo === null || position > this.scannedTo) this.scannedTo = position;
        this.progressArrived();
      }) ?? (() => undefined);
  }

  /** Returns progress gathered so far at once, to a caller waiting for it (a `waitFor` on its position). */
  hurry(): void {
    if (this.progressTimer === undefined) return;
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    this.onProgress?.();
  }

  /** The next batch, or `null` when the subscription ended or `signal` aborted. */
  async next(signal: AbortSignal): Promise<EventBatch | null> {
    if (signal.aborted) return null;
    const progress = this.progressOnly();
    if (progress !== null) return progress;
    const aborted = abortion(signal);
    const moved = this.progressSignal();
    const first = await Promise.race([this.peek(), aborted.promise, moved.promise]).finally(() => {
      aborted.dispose();
      moved.dispose();
    });
    if (first === ABORTED) return null;
    if (first === PROGRESSED) return this.progressOnly() ?? this.next(signal);
    if (first.done) return null;
    this.take();
    const batch = [first.value];
    // One timer per batch, not one per event: a rebuild takes hundreds of thousands of events through here.
    const deadline = Date.now() + this.maxWaitMs;
    const window = this.catchingUp ? delay(this.maxWaitMs) : null;
    try {
      while (batch.length < this.maxSize && Date.now() < deadline) {
        const result = await Promise.race([this.peek(), window?.promise ?? nextTurn()]);
        if (result === NOT_READY) break;
        if (result.done) break;
        this.take();
        batch.push(result.value);
      }
    } finally {
      window?.cancel();
    }
    this.catchingUp = batch.length >= this.maxSize;
    const last = (batch[batch.length - 1] as RecordedEvent).position;
    this.returnedTo = last;
    return { events: batch, scannedTo: last };
  }

  /** Stops listening for progress (the subscription is closed separately). */
  close(): void {
    this.stopListening();
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    this.onProgress = null;
  }

  private progressArrived(): void {
    if (this.onProgress === null) return; // Not waiting: the next call picks it up.
    if (this.progressDelayMs <= 0) {
      this.onProgress();
      return;
    }
    this.progressTimer ??= setTimeout(() => {
      this.progressTimer = undefined;
      this.onProgress?.();
    }, this.progressDelayMs).unref();
  }

  /**
   * A batch of progress alone, when the subscription has reported a position past everything returned and no
   * event it handed out is held here: an event held in `pending` comes first, and brings its own position.
   */
  private progressOnly(): EventBatch | null {
    const scannedTo = this.scannedTo;
    if (scannedTo === null || this.pendingSettled) return null;
    if (this.returnedTo !== null && scannedTo <= this.returnedTo) return null;
    this.returnedTo = scannedTo;
    return { events: [], scannedTo };
  }

  private progressSignal(): { promise: Promise<typeof PROGRESSED>; dispose: () => void } {
    const promise = new Promise<typeof PROGRESSED>((resolve) => {
      this.onProgress = () => resolve(PROGRESSED);
    });
    return { promise, dispose: () => (this.onProgress = null) };
  }

  private peek(): Promise<IteratorResult<RecordedEvent>> {
    if (this.pending === null) {
      const pending = this.iterator.next();
      this.pending = pending;
      this.pendingSettled = false;
      // Only progress reports need to know (a rebuild takes hundreds of thousands of events through here).
      if (!this.listensForProgress) return pending;
      void pending.then(
        () => {
          if (this.pending === pending) this.pendingSettled = true;
        },
        () => undefined,
      );
    }
    return this.pending;
  }

  private take(): void {
    this.pending = null;
    this.pendingSettled = false;
  }
}

function nextTurn(): Promise<typeof NOT_READY> {
  return new Promise((resolve) => setImmediate(() => resolve(NOT_READY)));
}

function delay(ms: number): { promise: Promise<typeof NOT_READY>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<typeof NOT_READY>((resolve) => {
    timer = setTimeout(() => resolve(NOT_READY), ms).unref();
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

function abortion(signal: AbortSignal): { promise: Promise<typeof ABORTED>; dispose: () => void } {
  let onAbort = (): void => undefined;
  const promise = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    if (signal.aborted) resolve(ABORTED);
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/** Resolves after `ms`, or early (without rejecting) when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
