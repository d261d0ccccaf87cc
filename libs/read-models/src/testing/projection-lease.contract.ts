import type { ProjectionLease } from '../projection-lease';

/** One instance of a lease under test, as a separate process would hold it. */
export interface LeaseInstance {
  readonly lease: ProjectionLease;
  /** Which kinds of event the instance reported, in order (`acquired`, `lost`, `released`). */
  readonly events: readonly string[];
  /** The holder dies: it stops renewing without releasing (a lost connection, a killed process). */
  die(): void;
}

/**
 * The one ProjectionLease contract, run against every adapter that coordinates processes. `instance(key, ttlMs)`
 * returns a new instance contending for the lease named `key` (a fresh key per test); `cleanUp` closes them all.
 */
export function describeProjectionLeaseContract(
  adapterName: string,
  instance: (key: string, ttlMs: number) => LeaseInstance,
  cleanUp: () => Promise<void>,
): void {
  describe(`ProjectionLease contract: ${adapterName}`, () => {
    let keys = 0;
    const freshKey = (): string => `test-lease-${process.pid}-${Date.now()}-${(keys += 1)}`;

    afterEach(cleanUp);

    it('lets one instance hold the lease; another takes over within the lease time after the holder dies', async () => {
      const key = freshKey();
      const ttlMs = 600;
      const first = instance(key, ttlMs);
      const second = instance(key, ttlMs);
      const stop = new AbortController();

      const firstHeld = await first.lease.acquire(stop.signal);
      expect(firstHeld).not.toBeNull();
      let secondAcquiredAt: number | null = null;
      const secondAcquiring = second.lease.acquire(stop.signal).then((held) => {
        secondAcquiredAt = Date.now();
        return held;
      });

      // Renewals keep the live holder's lease well past its ttl.
      await new Promise((resolve) => setTimeout(resolve, ttlMs * 2.5));
      expect(secondAcquiredAt).toBeNull();
      expect(firstHeld?.lost.aborted).toBe(false);

      const diedAt = Date.now();
      first.die();
      const secondHeld = await secondAcquiring;
      expect(secondHeld).not.toBeNull();
      expect((secondAcquiredAt ?? Infinity) - diedAt).toBeLessThanOrEqual(ttlMs + ttlMs / 3 + 250);
      // The dead holder considers its lease lost no later than anyone else could take it.
      expect(firstHeld?.lost.aborted).toBe(true);
      expect(first.events).toEqual(['acquired', 'lost']);
      stop.abort();
    });

    it('hands over at once on release; releasing again leaves the new holder alone', async () => {
      const key = freshKey();
      const first = instance(key, 5000);
      const second = instance(key, 5000);
      const third = instance(key, 5000);
      const stop = new AbortController();
      await first.lease.acquire(stop.signal);
      const secondAcquiring = second.lease.acquire(stop.signal);
      const releasedAt = Date.now();
      await first.lease.release();
      const held = await secondAcquiring;
      expect(held?.lost.aborted).toBe(false);
      expect(Date.now() - releasedAt).toBeLessThan(5000 / 3 + 500);

      await first.lease.release();
      expect(await third.lease.acquire(AbortSignal.timeout(300))).toBeNull();
      expect(held?.lost.aborted).toBe(false);
      stop.abort();
    });

    it('stops waiting when aborted', async () => {
      const key = freshKey();
      const first = instance(key, 5000);
      const second = instance(key, 5000);
      await first.lease.acquire(new AbortController().signal);
      const stop = new AbortController();
      const waiting = second.lease.acquire(stop.signal);
      stop.abort();
      expect(await waiting).toBeNull();
    });
  });
}
