import type { EventFilter, RecordedEvent } from '../../port';
import { SqliteSubscription, type SubscriptionPage, type SubscriptionSource } from './sqlite-subscription';

const event = (position: bigint, streamId: string, type: string, revision = 1): RecordedEvent => ({
  streamId,
  revision,
  position,
  eventId: `event-${position}`,
  type,
  data: {},
  metadata: {
    commandId: 'command',
    correlationId: 'correlation',
    causationId: null,
    actor: { id: 'tester', role: 'ADMIN' },
    occurredAt: '2026-01-01T00:00:00.000Z',
    schemaVersion: 1,
    prevHash: '0'.repeat(64),
    hash: '0'.repeat(64),
  },
  recordedAt: '2026-01-01T00:00:00.000Z',
});

/** A log in memory that counts reads, and lets the test announce commits as the store does. */
class FakeLog implements SubscriptionSource {
  readonly events: RecordedEvent[] = [];
  reads = 0;
  private readonly listeners = new Set<(appended: readonly RecordedEvent[]) => void>();

  readPage(after: bigint, limit: number, filter: EventFilter | undefined): SubscriptionPage {
    this.reads += 1;
    const wanted = this.events.filter(
      (candidate) =>
        candidate.position > after &&
        (filter?.eventTypes === undefined || filter.eventTypes.includes(candidate.type)) &&
        (filter?.streamCategories === undefined ||
          filter.streamCategories.some((category) => candidate.streamId.startsWith(`${category}-`))),
    );
    const head = this.events[this.events.length - 1]?.position ?? 0n;
    return { events: wanted.slice(0, limit), scannedTo: head };
  }

  onAppended(listener: (appended: readonly RecordedEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  commit(...appended: RecordedEvent[]): void {
    this.events.push(...appended);
    this.listeners.forEach((listener) => listener(appended));
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SqliteSubscription wake-ups', () => {
  /** A subscription on an empty log, already waiting in `next()`, and how many reads that took. */
  const waiting = async (filter: EventFilter | undefined) => {
    const log = new FakeLog();
    const subscription = new SqliteSubscription(log, filter, undefined, 60_000, () => undefined);
    const next = subscription.next();
    await tick();
    return { log, subscription, next, readsWhileWaiting: log.reads };
  };

  it('given a filtered subscription, when commits carry nothing it wants, then it does not read again, and when one does, it delivers it', async () => {
    const { log, subscription, next, readsWhileWaiting } = await waiting({ eventTypes: ['VolunteerLeft'] });

    for (let position = 1n; position <= 20n; position++)
      log.commit(event(position, `clientAccess-${position}`, 'PersonalDataAccessed'));
    await tick();
    expect(log.reads).toBe(readsWhileWaiting);

    log.commit(event(21n, 'volunteer-1', 'VolunteerLeft'));
    await expect(next).resolves.toEqual({ done: false, value: expect.objectContaining({ position: 21n }) });
    expect(log.reads).toBe(readsWhileWaiting + 1);
    await subscription.close();
  });

  it('given a category filter, when a commit holds one event of the category among others, then it wakes', async () => {
    const { log, subscription, next, readsWhileWaiting } = await waiting({ streamCategories: ['volunteer'] });
    log.commit(event(1n, 'client-1', 'ClientRegistered'));
    await tick();
    expect(log.reads).toBe(readsWhileWaiting);
    log.commit(event(2n, 'client-2', 'ClientRegistered'), event(3n, 'volunteer-3', 'VolunteerRegistered'));
    await expect(next).resolves.toEqual({ done: false, value: expect.objectContaining({ position: 3n }) });
    expect(log.reads).toBe(readsWhileWaiting + 1);
    await subscription.close();
  });

  it('given no filter, when anything is committed, then it wakes and delivers it', async () => {
    const { log, subscription, next } = await waiting(undefined);
    log.commit(event(1n, 'clientAccess-1', 'PersonalDataAccessed'));
    await expect(next).resolves.toEqual({ done: false, value: expect.objectContaining({ position: 1n }) });
    await subscription.close();
  });
});
