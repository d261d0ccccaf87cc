import type { RecordedEvent } from '@app/event-store';

const NOT_READY = Symbol('not-ready');
const ABORTED = Symbol('aborted');

/**
 * Groups a subscription's events into batches of at most `maxSize`, spending at most `maxWaitMs` gathering one.
 * Live events are not held back to fill a batch (a waiting `consistentWith` read would pay for it): only when
 * the previous batch was full, i.e. while catching up, does it wait the window for more.
 */
export class EventBatcher {
  /** A `next()` whose result has not been taken yet; a lost race must not drop the event it brings. */
  private pending: Promise<IteratorResult<RecordedEvent>> | null = null;
  private catchingUp = true;

  constructor(
    private readonly iterator: AsyncIterator<RecordedEvent>,
    private readonly maxSize: number,
    private readonly maxWaitMs: number,
  ) {}

  /** The next batch, or `null` when the subscription ended or `signal` aborted. */
  async next(signal: AbortSignal): Promise<RecordedEvent[] | null> {
    const aborted = abortion(signal);
    const first = await Promise.race([this.peek(), aborted.promise]).finally(aborted.dispose);
    if (first === ABORTED || first.done) return null;
    this.pending = null;
    const batch = [first.value];
    // One timer per batch, not one per event: a rebuild takes hundreds of thousands of events through here.
    const deadline = Date.now() + this.maxWaitMs;
    const window = this.catchingUp ? delay(this.maxWaitMs) : null;
    try {
      while (batch.length < this.maxSize && Date.now() < deadline) {
        const result = await Promise.race([this.peek(), window?.promise ?? nextTurn()]);
        if (result === NOT_READY) break;
        if (result.done) break;
        this.pending = null;
        batch.push(result.value);
      }
    } finally {
      window?.cancel();
    }
    this.catchingUp = batch.length >= this.maxSize;
    return batch;
  }

  private peek(): Promise<IteratorResult<RecordedEvent>> {
    this.pending ??= this.iterator.next();
    return this.pending;
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
