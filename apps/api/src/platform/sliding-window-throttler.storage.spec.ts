import { SlidingWindowThrottlerStorage } from './sliding-window-throttler.storage';

const MINUTE = 60_000;

describe('SlidingWindowThrottlerStorage', () => {
  let now: number;
  let storage: SlidingWindowThrottlerStorage;

  beforeEach(() => {
    now = 1_000_000;
    storage = new SlidingWindowThrottlerStorage(() => now);
  });

  const hit = (key = 'caller:a', limit = 3, blockDuration = MINUTE) =>
    storage.increment(key, MINUTE, limit, blockDuration, 'default');

  it('given a limit of 3 a minute, when a fourth request comes, then it is blocked for the block duration', async () => {
    for (let count = 1; count <= 3; count++) {
      await expect(hit()).resolves.toMatchObject({
        totalHits: count,
        isBlocked: false,
        timeToBlockExpire: 0,
      });
    }
    now += 10_000;
    await expect(hit()).resolves.toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    now += 30_000;
    await expect(hit()).resolves.toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
  });

  it('given a block that has run out, when the caller comes back, then a fresh window starts', async () => {
    for (let count = 0; count < 4; count++) await hit();
    now += MINUTE;
    await expect(hit()).resolves.toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('given hits spread over time, then only those within the last minute count', async () => {
    await hit('caller:a', 10);
    now += 40_000;
    await hit('caller:a', 10);
    now += 25_000;
    await expect(hit('caller:a', 10)).resolves.toMatchObject({ totalHits: 2, timeToExpire: 35 });
  });

  it('keeps callers and throttlers apart', async () => {
    for (let count = 0; count < 4; count++) await hit('caller:a');
    await expect(hit('caller:b')).resolves.toMatchObject({ totalHits: 1, isBlocked: false });
    await expect(storage.increment('caller:a', MINUTE, 3, MINUTE, 'other')).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('without a block duration, refuses hits over the limit without recording them', async () => {
    for (let count = 0; count < 2; count++) await hit('caller:a', 2, 0);
    await expect(hit('caller:a', 2, 0)).resolves.toMatchObject({ totalHits: 3, isBlocked: true });
    now += MINUTE;
    await expect(hit('caller:a', 2, 0)).resolves.toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('given a window of 300,000 hits (more than a spread into Math.min survives), then counting still works', async () => {
    for (let count = 0; count < 300_000; count++) {
      await hit('caller:busy', 1_000_000);
      now += 0.1;
    }
    await expect(hit('caller:busy', 1_000_000)).resolves.toMatchObject({
      totalHits: 300_001,
      isBlocked: false,
    });
    now += MINUTE;
    await expect(hit('caller:busy', 1_000_000)).resolves.toMatchObject({ totalHits: 1 });
  });
});
