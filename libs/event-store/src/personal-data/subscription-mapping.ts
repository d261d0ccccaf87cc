import type { RecordedEvent, Subscription } from '../port';

/** A subscription whose events pass through `transform` (opening sealed fields, upcasting) in order. */
export function mapSubscription(
  inner: Subscription,
  transform: (event: RecordedEvent) => Promise<RecordedEvent> | RecordedEvent,
): Subscription {
  return {
    close: () => inner.close(),
    [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
      const source = inner[Symbol.asyncIterator]();
      return {
        async next() {
          const result = await source.next();
          if (result.done === true) return result;
          return { done: false, value: await transform(result.value) };
        },
        async return() {
          await inner.close();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
