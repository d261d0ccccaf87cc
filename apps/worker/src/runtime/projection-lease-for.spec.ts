import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { loadConfig } from '@app/platform';
import {
  NoopProjectionLease,
  RedisProjectionLease,
  SqliteProjectionLease,
  type ProjectionLease,
} from '@app/read-models';
import { projectionLeaseFor } from './runtime';

const EVENTSTORE_URL = 'esdb://127.0.0.1:1?tls=false';
const MONGO_URL = 'mongodb://127.0.0.1:1/pruvodce';

describe('projectionLeaseFor', () => {
  let dataDir: string;
  // Never connects: the lease is only chosen here, not taken.
  const redis = new IORedis({ lazyConnect: true });
  const opened: ProjectionLease[] = [];

  const leaseFor = (urls: Record<string, string>, withRedis: boolean): ProjectionLease => {
    const lease = projectionLeaseFor(loadConfig({ DATA_DIR: dataDir, ...urls }), withRedis ? redis : null);
    opened.push(lease);
    return lease;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-lease-for-'));
  });

  afterEach(async () => {
    for (const lease of opened.splice(0)) if (lease instanceof SqliteProjectionLease) await lease.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterAll(() => redis.disconnect());

  it.each([
    ['the embedded default', {}, false],
    ['the embedded default with REDIS_URL (jobs on Redis)', {}, true],
    ['EventStoreDB with embedded read models', { EVENTSTORE_URL }, true],
    ['MongoDB with the embedded event store', { MONGO_URL }, true],
    ['MongoDB with the embedded event store, no Redis', { MONGO_URL }, false],
  ])('given %s, when chosen, then the lease is a file in DATA_DIR', (_, urls, withRedis) => {
    const lease = leaseFor(urls, withRedis);
    expect(lease).toBeInstanceOf(SqliteProjectionLease);
  });

  it('given EventStoreDB, MongoDB and Redis, when chosen, then the lease is Redis', () => {
    expect(leaseFor({ EVENTSTORE_URL, MONGO_URL }, true)).toBeInstanceOf(RedisProjectionLease);
  });

  it('given EventStoreDB and MongoDB without Redis, when chosen, then there is nothing to coordinate with', () => {
    expect(leaseFor({ EVENTSTORE_URL, MONGO_URL }, false)).toBeInstanceOf(NoopProjectionLease);
  });
});
