import type { RecordedEvent } from '@app/event-store';
import { EventBatcher, type EventBatch } from './event-batcher';

const eventAt = (position: number): RecordedEvent =>
  ({ position: BigInt(position), eventId: `e${position}`, type: 'Counted' }) as unknown as RecordedEvent;

/** An iterator fed by the test: events pushed become available at once, as a subscription's buffer does. */
function feed(): {
  iterator: AsyncIterator<RecordedEvent>;
  push: (...positions: number[]) => void;
  end: () => void;
} {
  const queue: IteratorResult<RecordedEvent>[] = [];
  const waiting: ((result: IteratorResult<RecordedEvent>) => void)[] = [];
  const deliver = (result: IteratorResult<RecordedEvent>): void => {
    const waiter = waiting.shift();
    if (waiter === undefined) queue.push(result);
    else waiter(result);
  };
  return {
    iterator: {
      next: () => {
        const queued = queue.shift();
        return queued === undefined
          ? new Promise((resolve) => waiting.push(resolve))
          : Promise.resolve(queued);
      },
    },
    push: (...positions) =>
      positions.forEach((position) => deliver({ done: false, value: eventAt(position) })),
    end: () => deliver({ done: true, value: undefined }),
  };
}

const positions = (batch: EventBatch | null): number[] =>
  (batch?.events ?? []).map((event) => Number(event.position));

describe('EventBatcher', () => {
  const signal = new AbortController().signal;

  it('cuts a backlog into batches of at most maxSize, in order, losing nothing', async () => {
    const source = feed();
    source.push(...Array.from({ length: 23 }, (_, index) => index + 1));
    source.end();
    const batcher = new EventBatcher(source.iterator, 10, 1000);
    const batches: number[][] = [];
    for (let batch = await batcher.next(signal); batch !== null; batch = await batcher.next(signal)) {
      batches.push(positions(batch));
      expect(batch.scannedTo).toBe(batch.events[batch.events.length - 1]?.position);
    }
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 3]);
    expect(batches.flat()).toEqual(Array.from({ length: 23 }, (_, index) => index + 1));
  });

  it('while catching up waits the window for more; once live hands over what is there at once', async () => {
    const source = feed();
    source.push(1, 2, 3, 4);
    const batcher = new EventBatcher(source.iterator, 4, 80);
    expect(positions(await batcher.next(signal))).toEqual([1, 2, 3, 4]);

    // The previous batch was full: the batcher keeps gathering for up to the window.
    source.push(5);
    setTimeout(() => source.push(6), 20);
    const started = Date.now();
    expect(positions(await batcher.next(signal))).toEqual([5, 6]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);

    // Not full: live from here on, so a lone event is not held back.
    source.push(7);
    const live = Date.now();
    expect(positions(await batcher.next(signal))).toEqual([7]);
    expect(Date.now() - live).toBeLessThan(40);
  });

  it('does not drop an event that arrives after a batch was cut, and ends on abort', async () => {
    const source = feed();
    const controller = new AbortController();
    const batcher = new EventBatcher(source.iterator, 4, 10);
    source.push(1);
    expect(positions(await batcher.next(controller.signal))).toEqual([1]);
    setTimeout(() => source.push(2), 5);
    expect(positions(await batcher.next(controller.signal))).toEqual([2]);
    setTimeout(() => controller.abort(), 5);
    expect(await batcher.next(controller.signal)).toBeNull();
  });

  describe('given a subscription that reports progress past events it passes over', () => {
    /** `feed()` plus the subscription's `onScannedTo`, driven by the test. */
    function reportingFeed() {
      const source = feed();
      const listeners = new Set<(position: bigint) => void>();
      return {
        ...source,
        scanned: (listener: (position: bigint) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        report: (position: number) => listeners.forEach((listener) => listener(BigInt(position))),
        listeners,
      };
    }

    it('when it reports while the batcher waits for an event, then a batch with no events carries the position', async () => {
      const source = reportingFeed();
      const batcher = new EventBatcher(source.iterator, 10, 10, source.scanned);
      const waiting = batcher.next(signal);
      setTimeout(() => source.report(7), 5);
      await expect(waiting).resolves.toEqual({ events: [], scannedTo: 7n });

      // The event the earlier wait asked for is not lost.
      source.push(8);
      const next = await batcher.next(signal);
      expect(positions(next)).toEqual([8]);
      expect(next?.scannedTo).toBe(8n);
    });

    it('when it reports while events are still being gathered, then the progress comes after their batch, never before', async () => {
      const source = reportingFeed();
      const batcher = new EventBatcher(source.iterator, 10, 10, source.scanned);
      source.push(1, 2);
      const first = batcher.next(signal);
      source.report(5);
      expect(positions(await first)).toEqual([1, 2]);
      await expect(batcher.next(signal)).resolves.toEqual({ events: [], scannedTo: 5n });
    });

    it('when an event it handed out waits in the batcher, then that event is returned before the progress past it', async () => {
      const source = reportingFeed();
      const batcher = new EventBatcher(source.iterator, 10, 10, source.scanned);
      source.push(1);
      expect(positions(await batcher.next(signal))).toEqual([1]);
      // The batch was cut before event 2 came, so 2 waits in the batcher when the progress past it arrives.
      source.push(2);
      await new Promise((resolve) => setImmediate(resolve));
      source.report(4);
      const batch = await batcher.next(signal);
      expect(positions(batch)).toEqual([2]);
      await expect(batcher.next(signal)).resolves.toEqual({ events: [], scannedTo: 4n });
    });

    it('when the progress lies at or before what was returned, then it is not returned', async () => {
      const source = reportingFeed();
      const batcher = new EventBatcher(source.iterator, 10, 10, source.scanned);
      source.push(3);
      expect(positions(await batcher.next(signal))).toEqual([3]);
      // A report held back on its way (by a wrapper transforming event 3) arrives after the batch was returned.
      source.report(2);
      source.report(3);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      expect(await batcher.next(controller.signal)).toBeNull();
    });

    it('given a progress delay, when reports come while it waits, then one batch carries them after the delay, or at once when hurried', async () => {
      const source = reportingFeed();
      const batcher = new EventBatcher(source.iterator, 10, 10, source.scanned, 40);
      const started = Date.now();
      const gathered = batcher.next(signal);
      source.report(3);
      setTimeout(() => source.report(6), 10);
      await expect(gathered).resolves.toEqual({ events: [], scannedTo: 6n });
      expect(Date.now() - started).toBeGreaterThanOrEqual(35);

      const hurried = batcher.next(signal);
      source.report(9);
      const hurriedAt = Date.now();
      batcher.hurry();
      await expect(hurried).resolves.toEqual({ events: [], scannedTo: 9n });
      expect(Date.now() - hurriedAt).toBeLessThan(30);
    });

    it('when closed, then it stops listening', () => {
      const source = reportingFeed();
      const batcher = new EventBatcher(source.iterator, 10, 10, source.scanned);
      expect(source.listeners.size).toBe(1);
      batcher.close();
      expect(source.listeners.size).toBe(0);
    });
  });
});
