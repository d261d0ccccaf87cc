import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CERTIFICATE_POLICY, addMonths } from '@app/domain/certificates';
import { openSqliteEventStore, type EventStore, type EventToAppend, type JsonObject } from '@app/event-store';
import { BullMqJobQueue } from '@app/jobs';
import { openSqliteDocumentStore, type DocumentStore } from '@app/read-models';
import { newId, type Clock } from '@app/platform';
import { CertificateIssuer } from '../apps/worker/src/certificates/certificate-issuer';
import {
  CERTIFICATE_SWEEP_JOB,
  matchIdsFromReadModel,
  registerCertificateProcessors,
  type ReadModels,
} from '../apps/worker/src/certificates/certificate-jobs';
import { CertificateNumberLedgerStore } from '../apps/worker/src/certificates/certificate-number-ledger.store';
import { seedEligibleVolunteer } from '../apps/worker/src/certificates/testing/certificate-fixtures';
import {
  deleteKeysWithPrefix,
  isRedisReachable,
  redisTarget,
} from '../libs/jobs/src/testing/redis-test-support';
import {
  describeMachine,
  formatTable,
  measureInterleaved,
  processMaxRssBytes,
  toMiB,
  writeBenchResults,
  type RoundedWorkload,
  type Throughput,
} from './support';

const NAME = 'certificates';
const ROUNDS = 3;
const CONCURRENCY = 8;
/** One volunteer in twenty has the full history that makes them eligible; the rest are ordinary active volunteers. */
const ELIGIBLE_EVERY = 20;
const START_DAY = '2026-03-10';

function benchScale(): number {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  if (!(Number.isFinite(scale) && scale > 0)) throw new Error('BENCH_SCALE must be a positive number');
  return scale;
}

const meta = (at: string): EventToAppend['metadata'] => ({
  commandId: newId(),
  correlationId: 'bench',
  causationId: null,
  actor: { id: 'bench', role: 'ADMIN' },
  occurredAt: at,
  schemaVersion: 1,
});
const event = (type: string, data: Record<string, unknown>, at: string): EventToAppend => ({
  type,
  data: data as JsonObject,
  metadata: meta(at),
});

/** An active volunteer two months into service: not eligible yet, a realistic history to fold. */
async function seedOrdinaryVolunteer(store: EventStore, volunteerId: string): Promise<string> {
  const start = addMonths(START_DAY, -2);
  const at = `${start}T09:00:00.000Z`;
  await store.append(`volunteer-${volunteerId}`, 'no_stream', [
    event(
      'VolunteerRegistered',
      {
        volunteerId,
        name: 'Jana Nováková',
        email: 'j@example.org',
        phone: '+420 600 000 001',
        dateOfBirth: '1995-05-05',
        languages: ['cs'],
        regions: ['PRAGUE'],
        availability: [],
        interests: [],
        registeredAt: at,
      },
      at,
    ),
    event('VolunteerTrainingStarted', { startedOn: start }, at),
    event('IntroductoryCourseCompleted', { courseId: 'course-1', completedOn: start }, at),
    event('VolunteerAgreementSigned', { agreementId: `agr-${volunteerId}`, signedOn: start }, at),
    event(
      'InsuranceArranged',
      { policyRef: `ins-${volunteerId}`, from: start, to: addMonths(START_DAY, 12) },
      at,
    ),
    event('VolunteerActivated', { activatedOn: start }, at),
  ]);
  const matchId = `m-${volunteerId}`;
  await store.append(`match-${matchId}`, 'no_stream', [
    event(
      'MatchProposed',
      {
        matchId,
        volunteerId,
        clientId: `c-${volunteerId}`,
        proposedBy: 'coordinator-1',
        rationale: ['REGION'],
        proposedAt: at,
      },
      at,
    ),
    event('MatchAccepted', { acceptedOn: start, volunteerId, clientId: `c-${volunteerId}` }, at),
    ...[0, 1, 2].flatMap((index) => {
      const meetingId = `meeting-${volunteerId}-${index}`;
      const date = addMonths(start, index === 0 ? 0 : 1);
      return [
        event(
          'MeetingLogged',
          {
            meetingId,
            date,
            hours: 2,
            activity: 'LEISURE',
            place: 'OUTSIDE',
            loggedBy: 'coordinator-1',
            loggedAt: at,
          },
          at,
        ),
        event(
          'MeetingApproved',
          {
            meetingId,
            by: 'coordinator-1',
            approvedAt: at,
            volunteerId,
            date,
            hours: 2,
            activity: 'LEISURE',
          },
          at,
        ),
      ];
    }),
  ]);
  return matchId;
}

async function seed(store: EventStore, documents: DocumentStore, volunteers: number): Promise<void> {
  await documents.ensureCollection({
    name: 'volunteers_bench',
    fields: [{ name: 'status', type: 'string' }],
  });
  await documents.ensureCollection({
    name: 'matches_bench',
    fields: [{ name: 'volunteerId', type: 'string' }],
  });
  await documents.ensureCollection({
    name: 'certificates_bench',
    fields: [{ name: 'volunteerId', type: 'string' }],
  });
  for (let index = 0; index < volunteers; index += 1) {
    const volunteerId = newId();
    const matchId =
      index % ELIGIBLE_EVERY === 0
        ? await seedEligibleVolunteer(store, volunteerId, { today: START_DAY, name: 'Řehoř Žlutý' })
        : await seedOrdinaryVolunteer(store, volunteerId);
    // The read models the sweep and the processor query, as the projections would have left them.
    await documents.upsert('volunteers_bench', volunteerId, { volunteerId, status: 'ACTIVE' }, 1n);
    await documents.upsert('matches_bench', matchId, { matchId, volunteerId }, 1n);
  }
}

/** What the `certificates` projection would do, so that the sweep does not take issued numbers for unused ones. */
async function projectCertificates(store: EventStore, documents: DocumentStore): Promise<void> {
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({
      ...(after === undefined ? {} : { after }),
      maxCount: 1000,
      filter: { eventTypes: ['CertificateIssued'] },
    });
    for (const issued of page)
      await documents.upsert(
        'certificates_bench',
        issued.data.certificateNo as string,
        { volunteerId: issued.streamId },
        issued.position,
      );
    const last = page.at(-1);
    if (last === undefined || page.length < 1000) return;
    after = last.position;
  }
}

/** Resolves when `count` reaches `target`; the handlers call `tick`. */
class Countdown {
  private count = 0;
  private target = Number.POSITIVE_INFINITY;
  private done: (() => void) | undefined;

  tick(): void {
    this.count += 1;
    if (this.count >= this.target) this.done?.();
  }

  wait(target: number): Promise<void> {
    this.count = 0;
    this.target = target;
    return new Promise((resolve) => {
      this.done = resolve;
    });
  }
}

export async function run(): Promise<void> {
  const redis = redisTarget();
  if (!isRedisReachable(redis)) {
    console.log(`certificates benchmark skipped: Redis is not reachable at ${redis.address} (set REDIS_URL)`);
    return;
  }
  const volunteers = Math.max(100, Math.round(10_000 * benchScale()));
  const dir = mkdtempSync(join(tmpdir(), 'bench-certificates-'));
  const prefix = `bench-certificates-${process.pid}-${Date.now()}`;
  const store = openSqliteEventStore({ filename: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  const documents = openSqliteDocumentStore({ filename: join(dir, 'read-models.sqlite') });
  const queues: BullMqJobQueue[] = [];
  try {
    const seedStarted = Date.now();
    await seed(store, documents, volunteers);
    const events = await store.headPosition();
    console.log(
      `seeded ${volunteers} volunteers (${events} events) in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`,
    );

    let day = START_DAY;
    const clock: Clock = { now: () => new Date(`${day}T10:00:00.000Z`) };
    const readModels: ReadModels = { documents, collection: async (name) => `${name}_bench` };
    const ledger = new CertificateNumberLedgerStore(store, 'PRV');
    const issuer = new CertificateIssuer({
      store,
      ledger,
      policy: DEFAULT_CERTIFICATE_POLICY,
      clock,
      matchIdsOf: matchIdsFromReadModel(readModels),
    });
    const evaluated = new Countdown();
    const countingIssuer = {
      evaluate: async (volunteerId: string, hints: readonly string[]) => {
        const outcome = await issuer.evaluate(volunteerId, hints);
        evaluated.tick();
        return outcome;
      },
    } as CertificateIssuer;
    const queue = new BullMqJobQueue({ connection: { url: redis.url }, prefix, keepCompleted: 1_000 });
    queues.push(queue);
    await registerCertificateProcessors({
      readModels,
      queue,
      ledger,
      clock,
      issuer: countingIssuer,
      concurrency: CONCURRENCY,
    });
    const noops = new Countdown();
    await queue.process('noop', async () => noops.tick(), { concurrency: CONCURRENCY });

    let issuedTotal = 0;
    const workloads: RoundedWorkload[] = [
      {
        name: 'no-op BullMQ jobs',
        round: async (roundIndex) => {
          const finished = noops.wait(volunteers);
          for (let index = 0; index < volunteers; index += 1)
            await queue.enqueue('noop', { index }, { jobId: `noop:${roundIndex}:${index}` });
          await finished;
          return volunteers;
        },
      },
      {
        name: 'daily certificate sweep',
        round: async (roundIndex) => {
          // A new day per round: the sweep's job ids are per day, as in production.
          day = new Date(Date.parse(`${START_DAY}T00:00:00Z`) + roundIndex * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const finished = evaluated.wait(volunteers);
          await queue.enqueue(CERTIFICATE_SWEEP_JOB, {}, { jobId: `sweep:${roundIndex}` });
          await finished;
          await projectCertificates(store, documents);
          return volunteers;
        },
      },
    ];
    const results = await measureInterleaved(workloads, ROUNDS);
    const issued = await store.readAll({
      filter: { eventTypes: ['CertificateIssued'] },
      maxCount: volunteers,
    });
    issuedTotal = issued.length;
    const expectedIssued = Math.ceil(volunteers / ELIGIBLE_EVERY);
    if (issuedTotal !== expectedIssued)
      throw new Error(`expected ${expectedIssued} certificates, found ${issuedTotal}`);

    const noop = results.get('no-op BullMQ jobs') as Throughput;
    const sweep = results.get('daily certificate sweep') as Throughput;
    const ratio = sweep.eventsPerSecond / noop.eventsPerSecond;
    const rows = [
      { name: 'no-op BullMQ jobs', unit: 'jobs', ...noop },
      { name: 'daily certificate sweep (evaluations)', unit: 'volunteers', ...sweep },
    ];
    console.log(
      formatTable(rows, [
        { header: 'workload', value: (row) => row.name },
        { header: `per round`, value: () => volunteers, align: 'right' },
        { header: 'rounds', value: () => ROUNDS, align: 'right' },
        { header: 'seconds', value: (row) => row.seconds.toFixed(2), align: 'right' },
        { header: 'per second', value: (row) => row.eventsPerSecond, align: 'right' },
        { header: 'peak RSS MiB', value: (row) => row.peakRssMiB, align: 'right' },
      ]),
    );
    console.log(
      `\nsweepVsNoopJobs = ${ratio.toFixed(2)} (target ≥ 0.3); certificates issued: ${issuedTotal} (1 in ${ELIGIBLE_EVERY}, once, despite ${ROUNDS} sweeps)`,
    );
    const path = writeBenchResults(NAME, {
      machine: describeMachine(),
      volunteers,
      events,
      rounds: ROUNDS,
      concurrency: CONCURRENCY,
      certificatesIssued: issuedTotal,
      results: Object.fromEntries(results),
      ratios: { sweepVsNoopJobs: Math.round(ratio * 1000) / 1000 },
      processMaxRssMiB: toMiB(processMaxRssBytes()),
    });
    console.log(`wrote ${path}`);
  } finally {
    await Promise.all(queues.map((queue) => queue.close({ drain: false })));
    await deleteKeysWithPrefix(redis.url, prefix);
    await documents.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
