import Redis from 'ioredis';
import { spawnSync } from 'node:child_process';
import { NoopProjectionLease, RedisProjectionLease } from './projection-lease';
import { describeProjectionLeaseContract } from './testing/projection-lease.contract';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** Decided synchronously, so that an unreachable Redis registers a skipped suite rather than vacuous passes. */
function redisReachable(): boolean {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const s = require('node:net').connect(6379, '127.0.0.1');
       s.setTimeout(1000, () => process.exit(1));
       s.on('error', () => process.exit(1));
       s.on('connect', () => s.write('PING\\r\\n'));
       s.on('data', (d) => process.exit(String(d).startsWith('+PONG') ? 0 : 1));`,
    ],
    { timeout: 3000 },
  );
  return probe.status === 0;
}

const available = redisReachable();
if (!available && process.env.REQUIRE_REDIS === '1')
  throw new Error(`REQUIRE_REDIS=1 but Redis at ${REDIS_URL} is unreachable`);
if (!available) console.log(`Redis lease take-over test skipped: Redis at ${REDIS_URL} is unreachable`);

describe('NoopProjectionLease', () => {
  it('is held at once and never lost', async () => {
    const held = await new NoopProjectionLease().acquire();
    expect(held.lost.aborted).toBe(false);
  });
});

if (available) {
  const clients: Redis[] = [];
  const leases: RedisProjectionLease[] = [];
  describeProjectionLeaseContract(
    'Redis',
    (key, ttlMs) => {
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      const events: string[] = [];
      const lease = new RedisProjectionLease({
        redis,
        key,
        ttlMs,
        onEvent: (event) => events.push(event.kind),
      });
      clients.push(redis);
      leases.push(lease);
      // Its connection goes away without releasing.
      return { lease, events, die: () => redis.disconnect() };
    },
    async () => {
      for (const lease of leases.splice(0)) await lease.release();
      for (const client of clients.splice(0)) client.disconnect();
    },
  );
}
