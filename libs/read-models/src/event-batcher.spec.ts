import type { RecordedEvent } from '@app/event-store';
import { EventBatcher } from './event-batcher';

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

const positions = (batch: readonly RecordedEvent[] | null): number[] =>
  (batch ?? []).map((event) => Number(event.position));

describe('EventBatcher', () => {
  const signal = new AbortController().signal;

  it('cuts a backlog into batches of at most maxSize, in order, losing nothing', async () => {
    const source = feed();
    source.push(...Array.from({ length: 23 }, (_, index) => index + 1));
    source.end();
    const batcher = new EventBatcher(source.iterator, 10, 1000);
    const batches: number[][] = [];
    for (let batch = await batcher.next(signal); batch !== null; batch = await batcher.next(signal))
      batches.push(positions(batch));
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
});
