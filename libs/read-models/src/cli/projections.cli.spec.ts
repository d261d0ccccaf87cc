import { openSqliteEventStore, type SqliteEventStore } from '@app/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDocumentStore, SqliteProjectionLease } from '../adapters/sqlite';
import {
  appendGeneratedEvents,
  hashCollection,
  tallyEvent,
  tallyProjection,
} from '../testing/projection-fixtures';
import { parseProjectionsArgs, runProjectionsCli, type ProjectionsCliDeps } from './projections.cli';

describe('projections CLI', () => {
  let eventStore: SqliteEventStore;
  let documentStore: SqliteDocumentStore;
  let output: string[];
  let deps: ProjectionsCliDeps;
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

  beforeEach(() => {
    eventStore = openSqliteEventStore({ filename: ':memory:' });
    documentStore = new SqliteDocumentStore({ filename: ':memory:' });
    output = [];
    deps = {
      eventStore,
      documentStore,
      projections: [tallyProjection()],
      logger: silent,
      write: (line) => output.push(line),
    };
  });

  afterEach(async () => {
    await eventStore.close();
    await documentStore.close();
  });

  it('rebuilds a projection side by side, switches to it and reports status', async () => {
    const head = await appendGeneratedEvents(eventStore, 200, 8);
    expect(await runProjectionsCli(['status'], deps)).toBe(0);
    expect(JSON.parse(output[0] ?? '')).toMatchObject({
      name: 'tallies',
      activeCollection: null,
      lag: head.toString(),
      needsRebuild: true,
    });

    output = [];
    expect(await runProjectionsCli(['rebuild', 'tallies'], deps)).toBe(0);
    expect(JSON.parse(output[0] ?? '')).toMatchObject({
      rebuilt: 'tallies',
      collection: 'tallies_v1_rebuild',
      position: head.toString(),
    });
    const first = await hashCollection(documentStore, 'tallies_v1_rebuild');

    await eventStore.append('tally-new', 'no_stream', [tallyEvent('Counted', { amount: 1 })]);
    output = [];
    expect(await runProjectionsCli(['rebuild', 'tallies'], deps)).toBe(0);
    expect(JSON.parse(output[0] ?? '')).toMatchObject({ collection: 'tallies_v1' });
    expect(await documentStore.listCollections()).toEqual(['tallies_v1']);
    const second = await hashCollection(documentStore, 'tallies_v1');
    expect(second.count).toBe(first.count + 1);

    output = [];
    expect(await runProjectionsCli(['status'], deps)).toBe(0);
    expect(JSON.parse(output[0] ?? '')).toMatchObject({
      activeCollection: 'tallies_v1',
      activeVersion: 1,
      lag: '0',
      needsRebuild: false,
    });
  });

  it.each([
    [['--help'], { kind: 'help' }],
    [['status'], { kind: 'status' }],
    [['rebuild', 'clients'], { kind: 'rebuild', name: 'clients' }],
    [['rebuild', 'nope'], { kind: 'unknownProjection', name: 'nope', known: ['clients', 'matches'] }],
    [[], { kind: 'usage' }],
    [['status', 'clients'], { kind: 'usage' }],
    [['rebuild'], { kind: 'usage' }],
    [['rebuild', 'clients', 'matches'], { kind: 'usage' }],
    [['--help', 'status'], { kind: 'usage' }],
  ])('reads %j before any store is opened as %j', (argv, expected) => {
    expect(parseProjectionsArgs(argv, ['clients', 'matches'])).toEqual(expected);
  });

  it('rejects unknown projections and commands', async () => {
    expect(await runProjectionsCli(['rebuild', 'nope'], deps)).toBe(1);
    expect(output[0]).toContain('PROJECTION.UNKNOWN');
    expect(await runProjectionsCli(['explode'], deps)).toBe(2);
    expect(output[1]).toMatch(/^usage/);
  });

  describe('beside another runner', () => {
    let directory: string;
    const leases: SqliteProjectionLease[] = [];
    const lease = () => {
      const opened = new SqliteProjectionLease({ filename: join(directory, 'projections.lease') });
      leases.push(opened);
      return opened;
    };

    beforeEach(() => {
      directory = mkdtempSync(join(tmpdir(), 'projections-cli-'));
    });

    afterEach(async () => {
      for (const opened of leases.splice(0)) await opened.close();
      rmSync(directory, { recursive: true, force: true });
    });

    it('given another process holding the projections lease, when rebuilding, then it refuses and changes nothing', async () => {
      await appendGeneratedEvents(eventStore, 50, 4);
      await lease().acquire(new AbortController().signal);

      const code = await runProjectionsCli(['rebuild', 'tallies'], {
        ...deps,
        lease: lease(),
        leaseWaitMs: 300,
      });

      expect(code).toBe(1);
      expect(JSON.parse(output[0] ?? '')).toMatchObject({
        error: 'PROJECTION.LEASE_HELD',
        projection: 'tallies',
      });
      expect(await documentStore.listCollections()).toEqual([]);
    });

    it('given the lease free, when rebuilding, then it gives the lease back once done', async () => {
      await appendGeneratedEvents(eventStore, 50, 4);
      const other = lease();

      expect(await runProjectionsCli(['rebuild', 'tallies'], { ...deps, lease: lease() })).toBe(0);

      expect(await other.acquire(AbortSignal.timeout(500))).not.toBeNull();
    });
  });
});
