import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DEFAULT_CERTIFICATE_POLICY,
  formatCertificateNumber,
  type CertificateAllocation,
  type CertificatePolicy,
} from '@app/domain/certificates';
import { volunteerDecider } from '@app/domain';
import { handleCommand, openSqliteEventStore, type EventStore, type JsonObject } from '@app/event-store';
import { BullMqJobQueue, InProcessJobQueue, type JobQueue } from '@app/jobs';
import { fixedClock, newId } from '@app/platform';
import {
  deleteKeysWithPrefix,
  describeWithRedis,
  uniqueTestPrefix,
} from '../../../../libs/jobs/src/testing/redis-test-support';
import { sleep, waitFor } from '../../../../libs/jobs/src/testing/wait-for';
import {
  OwnRedisServer,
  isRedisServerInstalled,
  spareLoopbackPort,
} from '../../../../libs/jobs/src/adapters/bullmq/testing/redis-server.fixture';
import { CertificateIssuer } from './certificate-issuer';
import { CertificateNumberLedgerStore } from './certificate-number-ledger.store';
import {
  EVALUATE_CERTIFICATE_JOB,
  EVALUATE_CERTIFICATE_OPTIONS,
  type EvaluateCertificatePayload,
} from './certificate.reactor';
import {
  issuedCertificates,
  matchIdsFromEventStore,
  seedEligibleVolunteer,
} from './testing/certificate-fixtures';

const TODAY = '2026-03-10';
const NOW = `${TODAY}T10:00:00.000Z`;
const repositoryRoot = resolve(__dirname, '../../../..');

interface Worker {
  readonly store: EventStore;
  readonly issuer: CertificateIssuer;
  readonly ledger: CertificateNumberLedgerStore;
}

/** A worker as a separate process would have it: its own store connection and its own ledger cache. */
function openWorker(
  eventsFile: string,
  policy: CertificatePolicy = DEFAULT_CERTIFICATE_POLICY,
  clock = fixedClock(NOW),
): Worker {
  const store = openSqliteEventStore({ filename: eventsFile, synchronous: 'NORMAL' });
  const ledger = new CertificateNumberLedgerStore(store, 'PRV');
  const issuer = new CertificateIssuer({
    store,
    ledger,
    policy,
    clock,
    matchIdsOf: matchIdsFromEventStore(store),
  });
  return { store, issuer, ledger };
}

async function processEvaluations(queue: JobQueue, worker: Worker, concurrency: number): Promise<void> {
  await queue.process<EvaluateCertificatePayload>(
    EVALUATE_CERTIFICATE_JOB,
    async (job) => {
      await worker.issuer.evaluate(job.payload.volunteerId);
    },
    { concurrency },
  );
}

/** Certificates per volunteer, and the sorted numbers: what "issued once, numbered without gaps" is checked on. */
async function issuedSummary(store: EventStore) {
  const issued = await issuedCertificates(store);
  const perVolunteer = new Map<string, number>();
  for (const event of issued) perVolunteer.set(event.streamId, (perVolunteer.get(event.streamId) ?? 0) + 1);
  return {
    count: issued.length,
    perVolunteer: [...perVolunteer.values()],
    numbers: issued.map((event) => event.data.certificateNo as string).sort(),
  };
}

const expectedNumbers = (count: number): string[] =>
  Array.from({ length: count }, (_, index) => formatCertificateNumber('PRV', 2026, index + 1));

describe('certificate issuing (SQLite event store, in-process jobs)', () => {
  let dir: string;
  let workers: Worker[];
  let queues: JobQueue[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'certificates-'));
    workers = [];
    queues = [];
  });

  afterEach(async () => {
    await Promise.all(queues.map((queue) => queue.close({ drain: false })));
    await Promise.all(workers.map((worker) => worker.store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const worker = (): Worker => {
    const opened = openWorker(join(dir, 'events.sqlite'));
    workers.push(opened);
    return opened;
  };

  it('given an eligible volunteer, when 50 duplicate jobs run 4 at a time, then exactly one certificate is issued', async () => {
    const main = worker();
    await seedEligibleVolunteer(main.store, 'v-1', { today: TODAY });
    const queue = new InProcessJobQueue();
    queues.push(queue);
    await processEvaluations(queue, main, 4);
    for (let i = 0; i < 50; i += 1)
      await queue.enqueue(EVALUATE_CERTIFICATE_JOB, { volunteerId: 'v-1' }, { jobId: `dup-${i}` });
    await waitFor(
      '50 jobs to complete',
      async () => (await queue.counts())[EVALUATE_CERTIFICATE_JOB]?.completed === 50,
    );

    const issued = await issuedCertificates(main.store);
    expect(issued).toHaveLength(1);
    expect(issued[0]?.data).toMatchObject({
      certificateNo: 'PRV-2026-00001',
      policyVersion: '2025-1',
      serviceFrom: '2025-08-10',
      serviceTo: TODAY,
      approvedHours: 40,
      activities: ['CZECH_PRACTICE'],
      issuedOn: TODAY,
    });
    expect(await main.store.readStream('certificateNumbers-2026')).toHaveLength(1);
  });

  it('given 20 eligible volunteers evaluated by three workers at once, then each gets one certificate and the numbers run 1..20 without gaps', async () => {
    const [a, b, c] = [worker(), worker(), worker()] as const;
    const ids = Array.from({ length: 20 }, (_, index) => `v-${index}`);
    for (const id of ids) await seedEligibleVolunteer(a.store, id, { today: TODAY });
    await Promise.all(ids.flatMap((id) => [a, b, c].map((each) => each.issuer.evaluate(id))));

    const summary = await issuedSummary(a.store);
    expect(summary.count).toBe(20);
    expect(summary.perVolunteer.every((count) => count === 1)).toBe(true);
    expect(summary.numbers).toEqual(expectedNumbers(20));
  });

  it('given a number allocated by a worker that crashed before issuing, when evaluated again, then that number is issued and none is skipped', async () => {
    const main = worker();
    await seedEligibleVolunteer(main.store, 'v-1', { today: TODAY });
    await seedEligibleVolunteer(main.store, 'v-2', { today: TODAY });
    const crashed = openWorker(join(dir, 'events.sqlite'));
    workers.push(crashed);
    const at = '2026-03-09T22:59:00.000Z'; // 23:59 in Prague: issued on the allocation's day there
    const allocated = await crashed.ledger.allocate(
      2026,
      'v-1',
      '2025-1',
      at,
      ({ certificateNo, sequence, year }) => ({
        certificateNo,
        sequence,
        year,
        volunteerId: 'v-1',
        policyVersion: '2025-1',
        verificationCode: 'AAAAA-BBBBB',
        serviceFrom: '2025-08-10',
        serviceTo: '2026-03-09',
        approvedHours: 40,
        activities: ['CZECH_PRACTICE'],
        allocatedAt: at,
      }),
    );
    expect(allocated.certificateNo).toBe('PRV-2026-00001');

    expect(await main.issuer.evaluate('v-2')).toBe('ISSUED');
    expect(await main.issuer.evaluate('v-1')).toBe('ISSUED');
    expect(await main.issuer.evaluate('v-1')).toBe('ALREADY_ISSUED');
    const issued = await issuedCertificates(main.store);
    expect(
      issued.map((event) => [event.streamId, event.data.certificateNo, event.data.verificationCode]),
    ).toEqual([
      ['volunteer-v-2', 'PRV-2026-00002', expect.any(String)],
      ['volunteer-v-1', 'PRV-2026-00001', 'AAAAA-BBBBB'],
    ]);
    expect(issued[1]?.data.issuedOn).toBe('2026-03-09');
  });

  const allocatedByACrashedWorker = async (year: number, volunteerId: string, policyVersion: string) => {
    const crashed = openWorker(join(dir, 'events.sqlite'));
    workers.push(crashed);
    const at = '2026-03-09T10:00:00.000Z';
    return crashed.ledger.allocate(year, volunteerId, policyVersion, at, (number) => ({
      ...number,
      volunteerId,
      policyVersion,
      verificationCode: 'CCCCC-DDDDD',
      serviceFrom: '2025-08-10',
      serviceTo: '2026-03-09',
      approvedHours: 40,
      activities: ['CZECH_PRACTICE'],
      allocatedAt: at,
    }));
  };

  it('given a number allocated under the previous policy version by a worker that crashed, when a worker under the new version evaluates, then that number is issued under its own version and the new one takes the next', async () => {
    const main = worker();
    await seedEligibleVolunteer(main.store, 'v-1', { today: TODAY });
    await allocatedByACrashedWorker(2026, 'v-1', '2025-1');
    const upgraded = openWorker(join(dir, 'events.sqlite'), {
      ...DEFAULT_CERTIFICATE_POLICY,
      version: '2026-1',
    });
    workers.push(upgraded);

    expect(await upgraded.issuer.evaluate('v-1')).toBe('ISSUED');
    expect(await upgraded.issuer.evaluate('v-1')).toBe('ALREADY_ISSUED');

    const issued = await issuedCertificates(main.store);
    expect(issued.map((event) => [event.data.certificateNo, event.data.policyVersion])).toEqual([
      ['PRV-2026-00001', '2025-1'],
      ['PRV-2026-00002', '2026-1'],
    ]);
    const allocated = (await main.store.readStream('certificateNumbers-2026')).map(
      (event) => event.data.certificateNo,
    );
    expect(allocated).toEqual(['PRV-2026-00001', 'PRV-2026-00002']);
  });

  /** An allocation as a release before years were closed could leave it, appended as it is. */
  const allocatedByAnEarlierRelease = async (store: EventStore, allocation: CertificateAllocation) => {
    await store.append(`certificateNumbers-${allocation.year}`, 'any', [
      {
        type: 'CertificateNumberAllocated',
        data: allocation as unknown as JsonObject,
        metadata: {
          commandId: newId(),
          correlationId: newId(),
          causationId: null,
          actor: { id: 'certificate-worker', role: 'SYSTEM' },
          occurredAt: allocation.allocatedAt,
          schemaVersion: 1,
        },
      },
    ]);
    return allocation;
  };
  const earlierReleaseAllocation = (year: number, sequence: number): CertificateAllocation => ({
    certificateNo: formatCertificateNumber('PRV', year, sequence),
    year,
    sequence,
    volunteerId: 'v-1',
    policyVersion: '2025-1',
    verificationCode: 'EEEEE-FFFFF',
    serviceFrom: '2025-08-10',
    serviceTo: '2026-03-09',
    approvedHours: 40,
    activities: ['CZECH_PRACTICE'],
    allocatedAt: '2026-03-09T10:00:00.000Z',
  });
  const reportingIssuer = (store: EventStore, reported: string[]) =>
    new CertificateIssuer({
      store,
      ledger: new CertificateNumberLedgerStore(store, 'PRV'),
      policy: DEFAULT_CERTIFICATE_POLICY,
      clock: fixedClock(NOW),
      matchIdsOf: matchIdsFromEventStore(store),
      onUnusableAllocation: (allocation) => reported.push(allocation.certificateNo),
    });

  it('given a second allocation of a version already issued (two evaluations racing across 1 January under an earlier release), when evaluated, then it is reported as unusable and never issued, not even once the certificate is revoked', async () => {
    const main = worker();
    await seedEligibleVolunteer(main.store, 'v-1', { today: TODAY });
    const stale = await allocatedByAnEarlierRelease(main.store, earlierReleaseAllocation(2025, 1));
    const issuedOne = await allocatedByAnEarlierRelease(main.store, earlierReleaseAllocation(2026, 1));
    await main.issuer.issue(issuedOne);
    const reported: string[] = [];
    const reporting = reportingIssuer(main.store, reported);

    expect(await reporting.evaluate('v-1')).toBe('ALREADY_ISSUED');
    const revoked = await handleCommand(
      main.store,
      'volunteer-v-1',
      volunteerDecider,
      {
        type: 'RevokeCertificate',
        data: {
          volunteerId: 'v-1',
          certificateNo: issuedOne.certificateNo,
          reasonCode: 'ISSUED_IN_ERROR',
          now: NOW,
        },
      },
      {
        commandId: 'revoke-1',
        correlationId: 'revoke-1',
        actor: { id: 'admin-1', role: 'ADMIN' },
        occurredAt: NOW,
      },
    );
    expect(revoked.ok).toBe(true);
    expect(await reporting.evaluate('v-1')).toBe('ALREADY_ISSUED');

    expect(reported).toEqual([stale.certificateNo, stale.certificateNo]);
    expect((await issuedCertificates(main.store)).map((event) => event.data.certificateNo)).toEqual([
      issuedOne.certificateNo,
    ]);
  });

  it('given two unissued allocations of one version (an earlier release), when evaluated, then the older is issued and the other reported, in one evaluation', async () => {
    const main = worker();
    await seedEligibleVolunteer(main.store, 'v-1', { today: TODAY });
    const older = await allocatedByAnEarlierRelease(main.store, earlierReleaseAllocation(2025, 1));
    const newer = await allocatedByAnEarlierRelease(main.store, earlierReleaseAllocation(2026, 1));
    const reported: string[] = [];

    expect(await reportingIssuer(main.store, reported).evaluate('v-1')).toBe('ISSUED');

    expect(reported).toEqual([newer.certificateNo]);
    expect((await issuedCertificates(main.store)).map((event) => event.data.certificateNo)).toEqual([
      older.certificateNo,
    ]);
  });

  describe('years of the ledger', () => {
    const describeFor =
      (volunteerId: string, at: string) =>
      (number: { certificateNo: string; sequence: number; year: number }) => ({
        ...number,
        volunteerId,
        policyVersion: '2025-1',
        verificationCode: 'GGGGG-HHHHH',
        serviceFrom: '2025-08-10',
        serviceTo: at.slice(0, 10),
        approvedHours: 40,
        activities: ['CZECH_PRACTICE'],
        allocatedAt: at,
      });
    const typesOf = async (store: EventStore, year: number) =>
      (await store.readStream(`certificateNumbers-${year}`)).map((event) => event.type);

    it('given the first number of a year, when allocated, then the previous year is closed first and takes no more numbers', async () => {
      const [a, b] = [worker(), worker()] as const;
      const at = '2027-01-01T08:00:00.000Z';
      expect((await a.ledger.allocate(2027, 'v-1', '2025-1', at, describeFor('v-1', at))).certificateNo).toBe(
        'PRV-2027-00001',
      );
      expect(await typesOf(a.store, 2026)).toEqual(['CertificateNumberYearClosed']);

      const late = '2026-12-31T22:59:59.000Z';
      expect(
        (await b.ledger.allocate(2026, 'v-2', '2025-1', late, describeFor('v-2', late))).certificateNo,
      ).toBe('PRV-2027-00002');
      expect(await typesOf(a.store, 2026)).toEqual(['CertificateNumberYearClosed']);
      expect(await typesOf(a.store, 2027)).toEqual([
        'CertificateNumberAllocated',
        'CertificateNumberAllocated',
      ]);
    });

    it('given a worker still in the old year that read its ledger before another closed it, when it appends, then it takes the number the volunteer holds in the new year and allocates none of its own', async () => {
      const [behind, ahead] = [worker(), worker()] as const;
      const before = '2026-12-31T22:59:59.000Z';
      const after = '2027-01-01T00:00:01.000Z';
      const append = behind.store.append.bind(behind.store);
      let raced = false;
      // Between the behind worker's read of 2026 and its append, the other worker allocates in 2027.
      jest.spyOn(behind.store, 'append').mockImplementation(async (streamId, expected, events) => {
        if (
          streamId === 'certificateNumbers-2026' &&
          events[0]?.type === 'CertificateNumberAllocated' &&
          !raced
        ) {
          raced = true;
          await ahead.ledger.allocate(2027, 'v-1', '2025-1', after, describeFor('v-1', after));
        }
        return append(streamId, expected, events);
      });

      const allocation = await behind.ledger.allocate(
        2026,
        'v-1',
        '2025-1',
        before,
        describeFor('v-1', before),
      );

      expect(raced).toBe(true);
      expect(allocation.certificateNo).toBe('PRV-2027-00001');
      expect(await typesOf(ahead.store, 2026)).toEqual(['CertificateNumberYearClosed']);
      expect(await typesOf(ahead.store, 2027)).toEqual(['CertificateNumberAllocated']);
    });

    it('given a worker still in the old year that appends before the other closes that year, when the other allocates for the same volunteer, then it takes that number and closes the year after it', async () => {
      const [behind, ahead] = [worker(), worker()] as const;
      const before = '2026-12-31T22:59:59.000Z';
      const after = '2027-01-01T00:00:01.000Z';
      const append = ahead.store.append.bind(ahead.store);
      let raced = false;
      // Between the new-year worker's read of 2026 and its closing of it, the other worker allocates there.
      jest.spyOn(ahead.store, 'append').mockImplementation(async (streamId, expected, events) => {
        if (
          streamId === 'certificateNumbers-2026' &&
          events[0]?.type === 'CertificateNumberYearClosed' &&
          !raced
        ) {
          raced = true;
          await behind.ledger.allocate(2026, 'v-1', '2025-1', before, describeFor('v-1', before));
        }
        return append(streamId, expected, events);
      });

      const allocation = await ahead.ledger.allocate(2027, 'v-1', '2025-1', after, describeFor('v-1', after));

      expect(raced).toBe(true);
      expect(allocation.certificateNo).toBe('PRV-2026-00001');
      expect(await typesOf(ahead.store, 2027)).toEqual([]);
      const other = await ahead.ledger.allocate(2027, 'v-2', '2025-1', after, describeFor('v-2', after));
      expect(other.certificateNo).toBe('PRV-2027-00001');
      expect(await typesOf(ahead.store, 2026)).toEqual([
        'CertificateNumberAllocated',
        'CertificateNumberYearClosed',
      ]);
    });

    it('given a year already closed, when a worker whose clock is behind evaluates an eligible volunteer, then the number is of the next year and so is its issue date', async () => {
      const ahead = worker();
      const after = '2027-01-01T00:00:01.000Z';
      await ahead.ledger.allocate(2027, 'v-9', '2025-1', after, describeFor('v-9', after));
      const behind = openWorker(
        join(dir, 'events.sqlite'),
        DEFAULT_CERTIFICATE_POLICY,
        fixedClock('2026-12-31T22:59:59.000Z'),
      );
      workers.push(behind);
      await seedEligibleVolunteer(behind.store, 'v-1', { today: '2026-12-31' });

      expect(await behind.issuer.evaluate('v-1')).toBe('ISSUED');

      const [issued] = await issuedCertificates(behind.store);
      expect(issued?.data).toMatchObject({ certificateNo: 'PRV-2027-00002', issuedOn: '2027-01-01' });
    });
  });

  it('given a volunteer a supervision short, when evaluated, then nothing is allocated or issued', async () => {
    const main = worker();
    await seedEligibleVolunteer(main.store, 'v-1', { today: TODAY, supervisions: 1 });
    expect(await main.issuer.evaluate('v-1')).toBe('NOT_ELIGIBLE');
    expect(await issuedCertificates(main.store)).toEqual([]);
    expect(await main.store.readStream('certificateNumbers-2026')).toEqual([]);
  });

  it('given an unknown volunteer, when evaluated, then nothing happens', async () => {
    expect(await worker().issuer.evaluate('nobody')).toBe('NOT_REGISTERED');
  });
});

describeWithRedis('certificate issuing on BullMQ', (redis) => {
  const runPrefix = uniqueTestPrefix('certificates');
  let dir: string;
  let workers: Worker[];
  let queues: BullMqJobQueue[];
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'certificates-bullmq-'));
    workers = [];
    queues = [];
  });

  afterEach(async () => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(queues.map((queue) => queue.close({ drain: false })));
    await Promise.all(workers.map((worker) => worker.store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await deleteKeysWithPrefix(redis.url, runPrefix);
  });

  const worker = (): Worker => {
    const opened = openWorker(join(dir, 'events.sqlite'));
    workers.push(opened);
    return opened;
  };

  it('given an eligible volunteer, when 50 duplicate jobs run on 4 concurrent workers, then exactly one certificate is issued', async () => {
    const prefix = `${runPrefix}-dup`;
    const seeding = worker();
    await seedEligibleVolunteer(seeding.store, 'v-1', { today: TODAY });
    for (let i = 0; i < 4; i += 1) {
      const queue = new BullMqJobQueue({ connection: { url: redis.url }, prefix });
      queues.push(queue);
      await processEvaluations(queue, worker(), 3);
    }
    const producer = queues[0] as BullMqJobQueue;
    for (let i = 0; i < 50; i += 1)
      await producer.enqueue(
        EVALUATE_CERTIFICATE_JOB,
        { volunteerId: 'v-1' },
        { ...EVALUATE_CERTIFICATE_OPTIONS, jobId: `dup-${i}` },
      );
    await waitFor(
      '50 jobs to complete',
      async () => (await producer.counts())[EVALUATE_CERTIFICATE_JOB]?.completed === 50,
      30_000,
      50,
    );
    const summary = await issuedSummary(seeding.store);
    expect(summary).toEqual({ count: 1, perVolunteer: [1], numbers: ['PRV-2026-00001'] });
    expect(await producer.failedJobs(EVALUATE_CERTIFICATE_JOB)).toEqual([]);
  });

  it('given a worker killed after allocating a number, when the stalled job is retried elsewhere, then that number is issued once', async () => {
    const prefix = `${runPrefix}-kill`;
    const lockDurationMs = 1_000;
    const main = worker();
    await seedEligibleVolunteer(main.store, 'v-1', { today: TODAY });
    const producer = new BullMqJobQueue({
      connection: { url: redis.url },
      prefix,
      lockDurationMs,
      stalledIntervalMs: 500,
    });
    queues.push(producer);
    await producer.enqueue(
      EVALUATE_CERTIFICATE_JOB,
      { volunteerId: 'v-1' },
      { ...EVALUATE_CERTIFICATE_OPTIONS, jobId: 'kill-1' },
    );

    const registerHook = join(repositoryRoot, 'infra/register.js');
    const child = spawn(
      process.execPath,
      ['-r', registerHook, 'apps/worker/src/certificates/testing/certificate-crash-worker.fixture.ts'],
      {
        cwd: repositoryRoot,
        env: {
          ...process.env,
          REDIS_URL: redis.url,
          QUEUE_PREFIX: prefix,
          EVENTS_FILE: join(dir, 'events.sqlite'),
          LOCK_DURATION_MS: String(lockDurationMs),
          NOW,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(child);
    const allocatedLine = await new Promise<string>((resolveLine, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new Error('child did not allocate in time')), 30_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const line = buffered.split('\n').find((candidate) => candidate.startsWith('ALLOCATED '));
        if (line !== undefined) {
          clearTimeout(timer);
          resolveLine(line);
        }
      });
      child.once('exit', (code) => reject(new Error(`child exited with ${String(code)}`)));
    });
    expect(allocatedLine).toBe('ALLOCATED PRV-2026-00001');
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGKILL');
    await exited;
    expect(await issuedCertificates(main.store)).toEqual([]);

    await processEvaluations(producer, main, 1);
    await waitFor(
      'the stalled job to be retried and completed',
      async () => (await producer.counts())[EVALUATE_CERTIFICATE_JOB]?.completed === 1,
      20_000,
      100,
    );
    expect(await issuedSummary(main.store)).toEqual({
      count: 1,
      perVolunteer: [1],
      numbers: ['PRV-2026-00001'],
    });
    expect(await main.store.readStream('certificateNumbers-2026')).toHaveLength(1);
  });

  const describeWithRedisServer = isRedisServerInstalled() ? describe : describe.skip;
  if (!isRedisServerInstalled())
    console.log('Certificate Redis-restart test skipped: redis-server is not installed');

  describeWithRedisServer('with its own redis-server', () => {
    let server: OwnRedisServer | undefined;

    afterEach(async () => {
      await Promise.all(queues.splice(0).map((queue) => queue.close({ drain: false })));
      await server?.stop();
      server = undefined;
    });

    it('given Redis stopped mid-run and restarted, then every due certificate is issued once, numbered without gaps', async () => {
      server = new OwnRedisServer(await spareLoopbackPort(), dir);
      await server.start();
      const seeding = worker();
      const total = 30;
      const ids = Array.from({ length: total }, (_, index) => `v-${index}`);
      for (const id of ids) await seedEligibleVolunteer(seeding.store, id, { today: TODAY });
      for (let i = 0; i < 2; i += 1) {
        const queue = new BullMqJobQueue({
          connection: { url: server.url },
          prefix: `${runPrefix}-restart`,
          lockDurationMs: 2_000,
          stalledIntervalMs: 1_000,
          maxStalledCount: 5,
          onError: () => undefined,
        });
        queues.push(queue);
      }
      const producer = queues[0] as BullMqJobQueue;
      for (const id of ids)
        await producer.enqueue(
          EVALUATE_CERTIFICATE_JOB,
          { volunteerId: id },
          { ...EVALUATE_CERTIFICATE_OPTIONS, jobId: `sweep-${id}` },
        );
      for (const queue of queues) {
        const each = worker();
        await queue.process<EvaluateCertificatePayload>(
          EVALUATE_CERTIFICATE_JOB,
          async (job) => {
            await sleep(30);
            await each.issuer.evaluate(job.payload.volunteerId);
          },
          { concurrency: 2 },
        );
      }
      await waitFor(
        'some certificates to be issued',
        async () => (await issuedCertificates(seeding.store)).length >= 5,
        20_000,
        20,
      );
      await server.stop();
      expect((await issuedCertificates(seeding.store)).length).toBeLessThan(total);
      await sleep(500);
      await server.start();

      await waitFor(
        'every job to complete after the restart',
        async () => (await producer.counts())[EVALUATE_CERTIFICATE_JOB]?.completed === total,
        45_000,
        100,
      );
      const summary = await issuedSummary(seeding.store);
      expect(summary.count).toBe(total);
      expect(summary.perVolunteer.every((count) => count === 1)).toBe(true);
      expect(summary.numbers).toEqual(expectedNumbers(total));
      expect(await seeding.store.readStream('certificateNumbers-2026')).toHaveLength(total);
    });
  });
});
