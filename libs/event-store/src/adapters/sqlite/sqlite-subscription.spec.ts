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
    const page = wanted.slice(0, limit);
    const head = this.events[this.events.length - 1]?.position ?? 0n;
    // As the store does: a full page has been scanned only up to its last event.
    const scannedTo = page.length === limit ? (page[page.length - 1] as RecordedEvent).position : head;
    return { events: page, scannedTo };
  }

  onAppended(listener: (appended: readonly RecordedEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  commit(...appended: RecordedEvent[]): void {
    this.events.push(...appended);
    this.announce(appended);
  }

  /** The store's notification of a commit, which may come after a read has already seen it. */
  announce(appended: readonly RecordedEvent[]): void {
    this.listeners.forEach((listener) => listener(appended));
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A subscription on an empty log, already waiting in `next()`, and how many reads that took. */
const waiting = async (filter: EventFilter | undefined, pollIntervalMs = 60_000) => {
  const log = new FakeLog();
  const subscription = new SqliteSubscription(log, filter, undefined, pollIntervalMs, () => undefined);
  const next = subscription.next();
  await tick();
  return { log, subscription, next, readsWhileWaiting: log.reads };
};

describe('SqliteSubscription wake-ups', () => {
  it('given a filtered subscription, when commits carry nothing it wants, then it does not read again, and when one does, it delivers it', async () => {
    const { log, subscription, next, readsWhileWaiting } = await waiting({ eventTypes: ['VolunteerLeft'] });

    for (let position = 1n; position <= 20n; position++)
      log.commit(event(position, `clientAccess-${position}`, 'PersonalDataAccessed'));
    await tick();
    expect(log.reads).toBe(readsWhileWaiting);

    log.commit(event(21n, 'volunteer-1', 'VolunteerLeft'));
    await expect(next).resolves.toEqual({ done: false, value: expect.objectContaining({ position: 21n }) });
    expect(log.reads).toBe(readsWhileWaiting);
    await subscription.close();
  });

  it('given a category filter, when a commit holds one event of the category among others, then it delivers that one', async () => {
    const { log, subscription, next, readsWhileWaiting } = await waiting({ streamCategories: ['volunteer'] });
    log.commit(event(1n, 'client-1', 'ClientRegistered'));
    await tick();
    log.commit(event(2n, 'client-2', 'ClientRegistered'), event(3n, 'volunteer-3', 'VolunteerRegistered'));
    await expect(next).resolves.toEqual({ done: false, value: expect.objectContaining({ position: 3n }) });
    expect(log.reads).toBe(readsWhileWaiting);
    await subscription.close();
  });

  it('given no filter, when anything is committed, then it wakes and delivers it', async () => {
    const { log, subscription, next } = await waiting(undefined);
    log.commit(event(1n, 'clientAccess-1', 'PersonalDataAccessed'));
    await expect(next).resolves.toEqual({ done: false, value: expect.objectContaining({ position: 1n }) });
    await subscription.close();
  });
});

describe('SqliteSubscription live tail', () => {
  const positionsOf = async (subscription: SqliteSubscription, count: number): Promise<bigint[]> => {
    const positions: bigint[] = [];
    for (let index = 0; index < count; index++) {
      const result = await subscription.next();
      if (result.done === true) throw new Error('the subscription ended');
      positions.push(result.value.position);
    }
    return positions;
  };

  it('given a subscription that has read to the head, when this process commits right after it, then it delivers the committed events themselves without reading them back', async () => {
    const log = new FakeLog();
    log.commit(event(1n, 'volunteer-1', 'VolunteerRegistered'));
    const subscription = new SqliteSubscription(log, undefined, undefined, 60_000, () => undefined);
    expect(await positionsOf(subscription, 1)).toEqual([1n]);
    const next = subscription.next();
    await tick();
    const readsAtHead = log.reads;

    const committed = [
      event(2n, 'volunteer-1', 'VolunteerActivated'),
      event(3n, 'client-3', 'ClientRegistered'),
    ];
    log.commit(...committed);

    await expect(next).resolves.toEqual({ done: false, value: committed[0] });
    expect((await subscription.next()).value).toBe(committed[1]);
    const waitingAgain = subscription.next();
    await tick();
    expect(log.reads).toBe(readsAtHead);

    log.commit(event(4n, 'client-3', 'ClientContactUpdated'));
    await expect(waitingAgain).resolves.toEqual({
      done: false,
      value: expect.objectContaining({ position: 4n }),
    });
    expect(log.reads).toBe(readsAtHead);
    await subscription.close();
  });

  it('given another process committed in between, when this process commits, then it reads the log and delivers both in order', async () => {
    const { log, subscription, next, readsWhileWaiting: readsAtHead } = await waiting(undefined);

    log.events.push(event(1n, 'volunteer-1', 'VolunteerRegistered'));
    log.commit(event(2n, 'client-2', 'ClientRegistered'));

    await expect(next).resolves.toEqual({ done: false, value: expect.objectContaining({ position: 1n }) });
    expect(await positionsOf(subscription, 1)).toEqual([2n]);
    expect(log.reads).toBe(readsAtHead + 1);
    await subscription.close();
  });

  it('given a commit it has partly read already, when its announcement arrives late, then only the rest is delivered, without reading', async () => {
    const log = new FakeLog();
    const subscription = new SqliteSubscription(log, undefined, undefined, 60_000, () => undefined);
    const commit = [
      event(3n, 'volunteer-1', 'VolunteerActivated'),
      event(4n, 'client-4', 'ClientRegistered'),
    ];
    log.events.push(
      event(1n, 'volunteer-1', 'VolunteerRegistered'),
      event(2n, 'client-2', 'ClientRegistered'),
    );
    log.events.push(commit[0] as RecordedEvent);
    expect(await positionsOf(subscription, 3)).toEqual([1n, 2n, 3n]);
    const readsAfterCatchingUp = log.reads;

    // The rest of that commit lands, and its announcement comes after the read that saw part of it.
    log.events.push(commit[1] as RecordedEvent);
    log.announce(commit);

    expect((await subscription.next()).value).toBe(commit[1]);
    expect(log.reads).toBe(readsAfterCatchingUp);
    await subscription.close();
  });

  it('given a consumer that has fallen a page behind, when more is committed, then the rest is read from the log instead of held in memory', async () => {
    const { log, subscription, next, readsWhileWaiting: readsAtHead } = await waiting(undefined);

    const committed: RecordedEvent[] = [];
    for (let position = 1n; position <= 1_200n; position++) {
      const committedEvent = event(position, `clientAccess-${position}`, 'PersonalDataAccessed');
      committed.push(committedEvent);
      log.commit(committedEvent);
    }

    await expect(next).resolves.toEqual({ done: false, value: committed[0] });
    const delivered = [1n, ...(await positionsOf(subscription, 1_199))];
    expect(delivered).toEqual(committed.map((committedEvent) => committedEvent.position));
    expect(log.reads).toBeGreaterThan(readsAtHead);
    expect(
      (subscription as unknown as { buffer: readonly RecordedEvent[] }).buffer.length,
    ).toBeLessThanOrEqual(500);
    await subscription.close();
  });

  it('given a subscription waiting at the head, when the poll interval passes, then it reads the log for commits of other processes', async () => {
    const { log, subscription, next } = await waiting(undefined, 10);
    log.events.push(event(1n, 'volunteer-1', 'VolunteerRegistered'));
    await expect(next).resolves.toEqual({ done: false, value: expect.objectContaining({ position: 1n }) });
    await subscription.close();
  });
});

describe('SqliteSubscription progress past what its filter passes over (onScannedTo)', () => {
  const reported = (subscription: SqliteSubscription): bigint[] => {
    const positions: bigint[] = [];
    subscription.onScannedTo((position) => positions.push(position));
    return positions;
  };
  /** A subscription to `VolunteerLeft` only, from the start of `log`, and what it reports. */
  const leaversOf = (log: FakeLog) => {
    const subscription = new SqliteSubscription(
      log,
      { eventTypes: ['VolunteerLeft'] },
      undefined,
      60_000,
      () => undefined,
    );
    return { subscription, positions: reported(subscription) };
  };
  const nextIsAt = (subscription: SqliteSubscription, position: bigint) =>
    expect(subscription.next()).resolves.toEqual({
      done: false,
      value: expect.objectContaining({ position }),
    });

  it('given a filtered subscription waiting at the head, when commits carry nothing it wants, then it reports their positions without reading or waking', async () => {
    const { log, subscription, next, readsWhileWaiting } = await waiting({ eventTypes: ['VolunteerLeft'] });
    const positions = reported(subscription);

    log.commit(event(1n, 'clientAccess-1', 'PersonalDataAccessed'));
    log.commit(
      event(2n, 'clientAccess-2', 'PersonalDataAccessed'),
      event(3n, 'client-3', 'ClientRegistered'),
    );

    expect(positions).toEqual([1n, 3n]);
    expect(log.reads).toBe(readsWhileWaiting);
    log.commit(event(4n, 'volunteer-1', 'VolunteerLeft'));
    await expect(next).resolves.toEqual({ done: false, value: expect.objectContaining({ position: 4n }) });
    await subscription.close();
  });

  it('given a wanted event not yet taken, when a commit of unwanted events follows, then nothing is reported until the consumer asks for more', async () => {
    const log = new FakeLog();
    const { subscription, positions } = leaversOf(log);
    log.events.push(event(1n, 'volunteer-1', 'VolunteerLeft'), event(2n, 'volunteer-2', 'VolunteerLeft'));
    await nextIsAt(subscription, 1n);
    log.commit(event(3n, 'clientAccess-3', 'PersonalDataAccessed'));
    expect(positions).toEqual([]);

    await nextIsAt(subscription, 2n);
    expect(positions).toEqual([]);
    // Asking for more with the buffer empty: everything up to the checkpoint it wants has been taken.
    const waitingForMore = subscription.next();
    await tick();
    expect(positions).toEqual([3n]);
    await subscription.close();
    await expect(waitingForMore).resolves.toEqual({ done: true, value: undefined });
  });

  it('given a catch-up read that ends in unwanted events, when the consumer has taken the wanted ones, then it reports the head it read to', async () => {
    const log = new FakeLog();
    log.events.push(
      event(1n, 'volunteer-1', 'VolunteerLeft'),
      event(2n, 'clientAccess-2', 'PersonalDataAccessed'),
      event(3n, 'clientAccess-3', 'PersonalDataAccessed'),
    );
    const { subscription, positions } = leaversOf(log);
    await nextIsAt(subscription, 1n);
    expect(positions).toEqual([]);
    const waitingForMore = subscription.next();
    await tick();
    expect(positions).toEqual([3n]);
    await subscription.close();
    await waitingForMore;
  });

  it('given a report already made, when nothing new is scanned, then it is not repeated; and once closed, nothing is reported', async () => {
    const { log, subscription, next } = await waiting({ eventTypes: ['VolunteerLeft'] });
    const positions = reported(subscription);
    log.commit(event(1n, 'clientAccess-1', 'PersonalDataAccessed'));
    log.announce([event(1n, 'clientAccess-1', 'PersonalDataAccessed')]);
    expect(positions).toEqual([1n]);
    await subscription.close();
    log.commit(event(2n, 'clientAccess-2', 'PersonalDataAccessed'));
    expect(positions).toEqual([1n]);
    await next;
  });
});
