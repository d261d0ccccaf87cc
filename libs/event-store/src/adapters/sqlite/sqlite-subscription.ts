import type { EventFilter, RecordedEvent, Subscription } from '../../port';
import { matchesEventFilter } from '../../validation';

export interface SubscriptionPage {
  /** Matching events strictly after the requested position, in global order. */
  readonly events: RecordedEvent[];
  /** Every event up to here has been looked at, matching or not, so the next page may start after it. */
  readonly scannedTo: bigint;
}

export interface SubscriptionSource {
  readPage(after: bigint, limit: number, filter: EventFilter | undefined): SubscriptionPage;
  /** Registers a listener called with the events of each local commit; returns the unregistration. */
  onAppended(listener: (appended: readonly RecordedEvent[]) => void): () => void;
}

const PAGE_SIZE = 500;

/**
 * Catch-up then live: reads pages from the checkpoint until one comes back empty, then waits for a local
 * append (immediate) or the poll interval (appends by other processes on the same file), and reads again.
 * A local commit that directly follows what it has read is delivered as committed, without reading it back.
 */
export class SqliteSubscription implements Subscription, AsyncIterableIterator<RecordedEvent> {
  private buffer: RecordedEvent[] = [];
  private checkpoint: bigint;
  private closed = false;
  /**
   * Whether the log must be read before waiting: at the start, after a full page, after the poll interval, and
   * when a local commit it wants could not be taken as committed. Otherwise this subscription has seen
   * everything up to its checkpoint, and reading again would find nothing.
   */
  private readDue = true;
  private wake: (() => void) | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly unregister: () => void;
  /** Serialises `next()` calls so that two callers never receive the same event. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly scannedListeners = new Set<(position: bigint) => void>();
  /** The last position told to `scannedListeners`. */
  private reportedTo: bigint;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly filter: EventFilter | undefined,
    after: bigint | undefined,
    private readonly pollIntervalMs: number,
    private readonly onClose: (subscription: SqliteSubscription) => void,
  ) {
    this.checkpoint = after ?? 0n;
    this.reportedTo = this.checkpoint;
    this.unregister = source.onAppended((appended) => this.receiveLocalCommit(appended));
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

  onScannedTo(listener: (position: bigint) => void): () => void {
    this.scannedListeners.add(listener);
    return () => this.scannedListeners.delete(listener);
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.scannedListeners.clear();
      this.unregister();
      this.wake?.();
      this.onClose(this);
    }
    return Promise.resolve();
  }

  private async pull(): Promise<IteratorResult<RecordedEvent>> {
    while (!this.closed) {
      const buffered = this.buffer.shift();
      if (buffered !== undefined) return { value: buffered, done: false };
      if (!this.readDue) {
        // Everything up to the checkpoint the filter matches has been handed out: say so before waiting.
        this.reportScanned();
        await this.waitForNewEvents();
        continue;
      }
      this.readDue = false;
      const page = this.source.readPage(this.checkpoint, PAGE_SIZE, this.filter);
      this.buffer = page.events;
      if (page.scannedTo > this.checkpoint) this.checkpoint = page.scannedTo;
      // A page short of the limit was read to the head; a full one may not have been.
      if (page.events.length === PAGE_SIZE) this.readDue = true;
    }
    return { value: undefined, done: true };
  }

  /**
   * A commit of this process that continues the log exactly where this subscription has read to is taken as it
   * is, without reading it back: the live tail of every subscription in the embedded default would otherwise
   * read each commit from SQLite again (for every client read's access record, too). Anything else (a gap left
   * by another process's commit, a subscription still catching up, a full buffer) falls back to reading.
   */
  private receiveLocalCommit(appended: readonly RecordedEvent[]): void {
    if (this.closed) return;
    const unseen = appended.filter((event) => event.position > this.checkpoint);
    if (unseen.length === 0) return;
    if (this.continuesLog(unseen) && this.buffer.length < PAGE_SIZE) {
      for (const event of unseen) if (matchesEventFilter(event, this.filter)) this.buffer.push(event);
      this.checkpoint = (unseen[unseen.length - 1] as RecordedEvent).position;
      if (this.buffer.length > 0) this.wake?.();
      else this.reportScanned();
      return;
    }
    // A commit with nothing this subscription wants does not wake it: filtered subscriptions (the job
    // reactor's) would otherwise read the log once per commit of every client read's access record.
    if (!unseen.some((event) => matchesEventFilter(event, this.filter))) return;
    this.readDue = true;
    this.wake?.();
  }

  /**
   * Tells the listeners the checkpoint when the buffer is empty: every event up to it that the filter matches has
   * been handed out. Called from a commit's announcement (a task of its own, after every earlier hand-out's
   * promise reactions) or from `pull()` when the consumer asks for more, so what was handed out has been taken.
   */
  private reportScanned(): void {
    if (this.buffer.length > 0 || this.checkpoint <= this.reportedTo) return;
    this.reportedTo = this.checkpoint;
    const position = this.checkpoint;
    this.scannedListeners.forEach((listener) => listener(position));
  }

  /** Whether `events` sit right after the checkpoint with no position missing in between. */
  private continuesLog(events: readonly RecordedEvent[]): boolean {
    let expected = this.checkpoint + 1n;
    for (const event of events) {
      if (event.position !== expected) return false;
      expected += 1n;
    }
    return true;
  }

  /** Until a local commit brings something, or the poll interval passes (commits by other processes). */
  private waitForNewEvents(): Promise<void> {
    if (this.readDue || this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const stopWaiting = (): void => {
        clearTimeout(this.pollTimer);
        this.pollTimer = undefined;
        this.wake = undefined;
        resolve();
      };
      this.wake = stopWaiting;
      this.pollTimer = setTimeout(() => {
        this.readDue = true;
        stopWaiting();
      }, this.pollIntervalMs);
    });
  }
}
