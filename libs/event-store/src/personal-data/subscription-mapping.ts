import type { RecordedEvent, Subscription } from '../port';

/**
 * A subscription whose events pass through `transform` (opening sealed fields, upcasting) in order. It offers
 * `onScannedTo` when `inner` does, and keeps its promise: a position the inner subscription reports while an
 * event it handed out is still being transformed here is passed on only once that event has been handed on,
 * in a later task, after the consumer's reactions to it have run.
 */
export function mapSubscription(
  inner: Subscription,
  transform: (event: RecordedEvent) => Promise<RecordedEvent> | RecordedEvent,
): Subscription {
  let transforming = false;
  let heldBack: bigint | null = null;
  const listeners = new Set<(position: bigint) => void>();
  const tell = (position: bigint): void => listeners.forEach((listener) => listener(position));
  const passOnHeldBack = (): void => {
    if (heldBack === null) return;
    const position = heldBack;
    heldBack = null;
    setImmediate(() => tell(position));
  };

  const mapped: Subscription = {
    close: () => inner.close(),
    [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
      const source = inner[Symbol.asyncIterator]();
      return {
        async next() {
          const result = await source.next();
          if (result.done === true) return result;
          transforming = true;
          try {
            return { done: false, value: await transform(result.value) };
          } finally {
            transforming = false;
            passOnHeldBack();
          }
        },
        async return() {
          await inner.close();
          return { done: true, value: undefined };
        },
      };
    },
  };
  const { onScannedTo } = inner;
  if (onScannedTo !== undefined) {
    let unregisterInner: (() => void) | null = null;
    mapped.onScannedTo = (listener) => {
      listeners.add(listener);
      unregisterInner ??= onScannedTo.call(inner, (position) => {
        if (!transforming) tell(position);
        else if (heldBack === null || position > heldBack) heldBack = position;
      });
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && unregisterInner !== null) {
          unregisterInner();
          unregisterInner = null;
        }
      };
    };
  }
  return mapped;
}
