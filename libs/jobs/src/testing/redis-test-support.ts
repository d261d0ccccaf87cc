import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export interface RedisTarget {
  readonly url: string;
  /** `host:port` only, safe to print (the URL may carry a password). */
  readonly address: string;
}

export function redisTarget(): RedisTarget {
  const url = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const parsed = new URL(url);
  return { url, address: `${parsed.hostname}:${parsed.port || '6379'}` };
}

/**
 * Synchronous, because jest registers tests synchronously: a child process opens a socket and sends PING.
 * Any RESP answer (even `-NOAUTH`) means a Redis is there.
 */
export function isRedisReachable(target: RedisTarget, timeoutMs = 1_500): boolean {
  const parsed = new URL(target.url);
  const script = `
    const socket = require('node:net').connect(${Number(parsed.port || 6379)}, ${JSON.stringify(parsed.hostname)});
    socket.setTimeout(${timeoutMs}, () => process.exit(1));
    socket.on('error', () => process.exit(1));
    socket.on('connect', () => socket.write('PING\\r\\n'));
    socket.on('data', (chunk) => process.exit(/^[+-]/.test(chunk.toString()) ? 0 : 1));`;
  return spawnSync(process.execPath, ['-e', script], { timeout: timeoutMs + 1_000 }).status === 0;
}

/**
 * Registers `body` when Redis is reachable. Otherwise prints one line and skips, or fails when `REQUIRE_REDIS=1`
 * (CI sets it so that a missing Redis cannot pass silently).
 */
export function describeWithRedis(title: string, body: (target: RedisTarget) => void): void {
  const target = redisTarget();
  if (isRedisReachable(target)) {
    describe(title, () => body(target));
  } else if (process.env['REQUIRE_REDIS'] === '1') {
    describe(title, () => {
      it('needs Redis', () => {
        throw new Error(`REQUIRE_REDIS=1 but Redis is not reachable at ${target.address}`);
      });
    });
  } else {
    console.log(
      `${title} skipped: Redis is not reachable at ${target.address} (set REDIS_URL, or REQUIRE_REDIS=1 to fail)`,
    );
    describe.skip(title, () => {
      it('needs Redis', () => undefined);
    });
  }
}

/** A key prefix unique to this test run, so that parallel runs and leftovers never meet. */
export const uniqueTestPrefix = (label: string): string =>
  `test-${label}-${process.pid}-${randomUUID().slice(0, 8)}`;

export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
