import type { RecordedEvent, Subscription } from '../port';
import { mapSubscription } from './subscription-mapping';

const eventAt = (position: number): RecordedEvent =>
  ({ position: BigInt(position), type: 'Counted' }) as unknown as RecordedEvent;

/** A subscription handing out the events the test pushes, and reporting what the test reports. */
function source(): Subscription & { push: (position: number) => void; report: (position: number) => void } {
  const queued: RecordedEvent[] = [];
  const waiting: ((event: RecordedEvent) => void)[] = [];
  const listeners = new Set<(position: bigint) => void>();
  return {
    close: async () => undefined,
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const event = queued.shift();
        if (event !== undefined) return Promise.resolve({ done: false, value: event });
        return new Promise((resolve) => waiting.push((value) => resolve({ done: false, value })));
      },
    }),
    onScannedTo: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push: (position) => {
      const waiter = waiting.shift();
      if (waiter === undefined) queued.push(eventAt(position));
      else waiter(eventAt(position));
    },
    report: (position) => listeners.forEach((listener) => listener(BigInt(position))),
  };
}

describe('mapSubscription', () => {
  it('given an inner subscription without onScannedTo, then the mapped one offers none', () => {
    const inner: Subscription = {
      close: async () => undefined,
      [Symbol.asyncIterator]: source()[Symbol.asyncIterator],
    };
    expect(mapSubscription(inner, (event) => event).onScannedTo).toBeUndefined();
  });

  it('given a report while nothing is being transformed, then it is passed on at once', () => {
    const inner = source();
    const mapped = mapSubscription(inner, (event) => event);
    const positions: bigint[] = [];
    mapped.onScannedTo?.((position) => positions.push(position));
    inner.report(4);
    expect(positions).toEqual([4n]);
  });

  it('given a report while an event is being transformed, then it is passed on only after the consumer has that event', async () => {
    const inner = source();
    let finishTransform: () => void = () => undefined;
    const mapped = mapSubscription(
      inner,
      (event) => new Promise<RecordedEvent>((resolve) => (finishTransform = () => resolve(event))),
    );
    const seen: string[] = [];
    mapped.onScannedTo?.((position) => seen.push(`scanned ${position}`));
    const iterator = mapped[Symbol.asyncIterator]();
    const next = iterator.next().then((result) => {
      if (result.done !== true) seen.push(`event ${result.value.position}`);
    });
    inner.push(2);
    await new Promise((resolve) => setImmediate(resolve));
    inner.report(5);
    expect(seen).toEqual([]);

    finishTransform();
    await next;
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['event 2', 'scanned 5']);
  });

  it('given its last listener unregisters, then it stops listening to the inner subscription', () => {
    const inner = source();
    const mapped = mapSubscription(inner, (event) => event);
    const positions: bigint[] = [];
    const unregister = mapped.onScannedTo?.((position) => positions.push(position));
    unregister?.();
    inner.report(3);
    expect(positions).toEqual([]);
  });
});
