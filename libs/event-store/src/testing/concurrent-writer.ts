import type { EventStore, EventToAppend } from '../port';

/**
 * The store with another writer whose event lands on `streamId` just before each append, after the caller has
 * decided: a revision conflict on demand. `rival(round)` gives the rival's event for its next round, or null to
 * stand aside this time; `rounds()` counts the events it landed.
 */
export function withConcurrentWriter(
  inner: EventStore,
  streamId: string,
  rival: (round: number) => EventToAppend | null,
): EventStore & { readonly rounds: () => number } {
  let rounds = 0;
  return {
    append: async (...args) => {
      const event = rival(rounds + 1);
      if (event !== null) {
        rounds += 1;
        await inner.append(streamId, 'any', [event]);
      }
      return inner.append(...args);
    },
    readStream: (...args) => inner.readStream(...args),
    streamRevision: (...args) => inner.streamRevision(...args),
    readAll: (...args) => inner.readAll(...args),
    subscribeToAll: (...args) => inner.subscribeToAll(...args),
    headPosition: () => inner.headPosition(),
    close: () => inner.close(),
    rounds: () => rounds,
  };
}
