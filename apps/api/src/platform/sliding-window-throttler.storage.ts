import type { ThrottlerStorage } from '@nestjs/throttler';

/** The library declares this record but does not export it. */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Counter {
  /** Expiry times of the hits in the window, oldest first; entries before `first` have expired. */
  expiries: number[];
  first: number;
  blockedUntil: number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * The throttler's in-memory storage with the same rules as `@nestjs/throttler`'s own, at a constant cost per
 * request. The library's storage filters every hit of the window and spreads them into `Math.min` on each
 * request: with a high `MUTATION_RATE_LIMIT` that is tens of thousands of entries per mutation, and past
 * about 100,000 hits in one window the spread overflows the call stack. Hits expire in the order they were
 * made, so expired ones are dropped from the front instead.
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage {
  private readonly counters = new Map<string, Counter>();
  private lastSweep = Date.now();

  constructor(private readonly now: () => number = Date.now) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    this.sweepIdle(now);
    const id = `${throttlerName}\u0000${key}`;
    let counter = this.counters.get(id);
    if (counter === undefined) {
      counter = { expiries: [], first: 0, blockedUntil: 0 };
      this.counters.set(id, counter);
    }
    dropExpired(counter, now);
    if (counter.blockedUntil !== 0 && counter.blockedUntil <= now) {
      // A block that has run out starts a fresh window, as in the library.
      counter.expiries = [];
      counter.first = 0;
      counter.blockedUntil = 0;
    }

    let isBlocked: boolean;
    if (blockDuration <= 0) {
      isBlocked = hitsOf(counter) >= limit;
      if (!isBlocked) counter.expiries.push(now + ttl);
    } else {
      isBlocked = counter.blockedUntil > now;
      if (!isBlocked) {
        counter.expiries.push(now + ttl);
        if (hitsOf(counter) > limit) {
          counter.blockedUntil = now + blockDuration;
          isBlocked = true;
        }
      }
    }
    const oldest = counter.expiries[counter.first] ?? now + ttl;
    return {
      totalHits: hitsOf(counter) + (isBlocked && blockDuration <= 0 ? 1 : 0),
      timeToExpire: Math.ceil((oldest - now) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked
        ? Math.ceil(((blockDuration <= 0 ? oldest : counter.blockedUntil) - now) / 1000)
        : 0,
    };
  }

  /** Forgets callers with no hit left in their window and no block, so that the map does not grow forever. */
  private sweepIdle(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [id, counter] of this.counters) {
      dropExpired(counter, now);
      if (hitsOf(counter) === 0 && counter.blockedUntil <= now) this.counters.delete(id);
    }
  }
}

const hitsOf = (counter: Counter): number => counter.expiries.length - counter.first;

function dropExpired(counter: Counter, now: number): void {
  const { expiries } = counter;
  while (counter.first < expiries.length && (expiries[counter.first] as number) <= now) counter.first++;
  // Compact once the expired prefix is the larger part, so that memory stays proportional to the window.
  if (counter.first > 1024 && counter.first * 2 > expiries.length) {
    counter.expiries = expiries.slice(counter.first);
    counter.first = 0;
  }
}
