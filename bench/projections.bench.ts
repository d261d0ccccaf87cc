import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PERSONAL_DATA_FIELDS } from '@app/domain';
// Narrow imports, not the libraries' indexes: those load the EventStoreDB and MongoDB clients as well, and this
// benchmark reports the peak RSS of reading and projecting on the embedded default.
import { openSqliteEventStore, type SqliteEventStore } from '@app/event-store/adapters/sqlite';
import type { EventMetadataInput, EventStore, EventToAppend, JsonObject } from '@app/event-store/port';
import { MasterKey } from '@app/event-store/personal-data/master-key';
import { definePersonalDataPolicy } from '@app/event-store/personal-data/personal-data-policy';
import { SealingEventStore } from '@app/event-store/personal-data/sealing-event-store';
import { openSqliteSubjectKeyStore } from '@app/event-store/personal-data/sqlite-subject-key-store';
import type { SubjectKeyStore } from '@app/event-store/personal-data/subject-key-store';
import { newId } from '@app/platform/ids';
import { SqliteDocumentStore } from '@app/read-models/adapters/sqlite';
import { ALL_PROJECTIONS } from '@app/read-models/all-projections';
import { physicalCollectionName } from '@app/read-models/projection';
import {
  ProjectionRunner,
  type ProjectionLogger,
  type ProjectionRunnerOptions,
} from '@app/read-models/projection-runner';
import {
  PeakRssSampler,
  describeMachine,
  formatTable,
  lastLineOfChild,
  measureThroughput,
  percentile,
  processMaxRssBytes,
  toMiB,
  writeBenchResults,
  yieldToEventLoop,
  type Throughput,
} from './support';

const NAME = 'projections';

/** `BENCH_EVENTS=100000` gives a quick smoke run; published figures use the default 1,000,000. */
function totalEvents(): number {
  const events = Number(process.env.BENCH_EVENTS ?? '1000000');
  if (!(Number.isSafeInteger(events) && events >= EVENTS_PER_STREAM))
    throw new Error(`BENCH_EVENTS must be a whole number of at least ${EVENTS_PER_STREAM}`);
  return events;
}

/** Every stream gets one command's worth of history, appended at once: ten events. */
const EVENTS_PER_STREAM = 10;
const CATCH_UP_EVENTS = 10_000;
const LATENCY_SAMPLES = 1000;
const READ_ALL_PAGE_SIZE = 1000;
/** Appends in flight while seeding, so that the adapter's group commit puts many in one transaction. */
const SEED_CONCURRENCY = 64;
/** The three read models rebuilt: together they handle most event types of the three busiest streams. */
const REBUILT = ['clients', 'volunteers', 'matches'] as const;
const WAIT_TIMEOUT_MS = 30 * 60_000;

// ---------------------------------------------------------------------------------------------------------
// Realistic histories built from the domain's own event shapes (docs/events.md). Streams rotate through
// clients (40 %), volunteers (30 %) and matches (30 %); matches refer to recent clients and volunteers.

const REGIONS = ['PRAGUE', 'CENTRAL_BOHEMIA', 'LIBEREC'] as const;
const NEEDS = ['CZECH_PRACTICE', 'SOCIAL_CONTACT', 'ORIENTATION', 'ACCOMPANIMENT', 'CHILD_TUTORING'] as const;
const LANGUAGES = ['uk', 'ru', 'ar', 'fa', 'vi', 'en', 'fr'] as const;
const COUNTRIES = ['UA', 'SY', 'AF', 'VN', 'BY', 'GE'] as const;
const FIRST_NAMES = ['Olena', 'Ahmad', 'Mariia', 'Thi Lan', 'Yusuf', 'Nadia', 'Dmytro', 'Fatima'] as const;
const SURNAMES = ['Kovalenko', 'Haddad', 'Nguyen', 'Rahimi', 'Bondarenko', 'Novak', 'Shevchenko'] as const;
const ACTIVITIES = ['CZECH_PRACTICE', 'ACCOMPANIMENT', 'LEISURE', 'ORIENTATION', 'TUTORING'] as const;
const COORDINATOR = { id: 'coordinator-bench', role: 'COORDINATOR' } as const;

const pick = <T>(values: readonly T[], index: number): T => values[index % values.length] as T;
const dayOf = (offset: number): string =>
  new Date(Date.UTC(2025, 0, 1) + (offset % 600) * 86_400_000).toISOString().slice(0, 10);
const instantOf = (offset: number, minutes = 0): string =>
  new Date(Date.UTC(2025, 0, 1) + (offset % 600) * 86_400_000 + minutes * 60_000).toISOString();

function metadata(offset: number): EventMetadataInput {
  const commandId = newId();
  return {
    commandId,
    correlationId: commandId,
    causationId: null,
    actor: COORDINATOR,
    occurredAt: instantOf(offset, 9 * 60),
    schemaVersion: 1,
  };
}

/** Ids of recent clients and volunteers, so that matches and disclosures point at parties that exist. */
class RecentParties {
  private readonly clients: string[] = [];
  private readonly volunteers: string[] = [];

  remember(kind: 'client' | 'volunteer', id: string): void {
    const list = kind === 'client' ? this.clients : this.volunteers;
    list.push(id);
    if (list.length > 1000) list.shift();
  }

  client(index: number): string {
    return this.clients.length === 0 ? newId() : pick(this.clients, index * 7919);
  }

  volunteer(index: number): string {
    return this.volunteers.length === 0 ? newId() : pick(this.volunteers, index * 104_729);
  }
}

interface StreamHistory {
  readonly streamId: string;
  readonly events: EventToAppend[];
}

function clientHistory(index: number, parties: RecentParties): StreamHistory {
  const clientId = newId();
  parties.remember('client', clientId);
  const meta = metadata(index);
  const name = `${pick(FIRST_NAMES, index)} ${pick(SURNAMES, index >> 3)}`;
  const matchingConsent = newId();
  const coordinationConsent = newId();
  const volunteerId = parties.volunteer(index);
  const event = (type: string, data: JsonObject): EventToAppend => ({ type, data, metadata: meta });
  return {
    streamId: `client-${clientId}`,
    events: [
      event('ClientRegistered', {
        clientId,
        name,
        contact: {
          phone: `+420 7${String(index % 100_000_000).padStart(8, '0')}`,
          email: `c${index}@example.org`,
        },
        dateOfBirth: dayOf(index).replace(/^2025/, String(1960 + (index % 45))),
        countryOfOrigin: pick(COUNTRIES, index),
        languages: [pick(LANGUAGES, index), 'cs'],
        region: pick(REGIONS, index),
        needs: [pick(NEEDS, index), pick(NEEDS, index + 2)],
        availability: [
          { day: 'MONDAY', part: 'AFTERNOON' },
          { day: 'THURSDAY', part: 'EVENING' },
        ],
        registeredAt: instantOf(index),
      }),
      event('ConsentGiven', {
        consentId: matchingConsent,
        purposes: ['VOLUNTEER_MATCHING'],
        dataCategories: ['IDENTITY', 'CONTACT'],
        recipients: ['ASSIGNED_VOLUNTEER'],
        lawfulBasis: 'CONSENT',
        givenOn: instantOf(index, 10),
        expiresOn: dayOf(index + 365),
        method: 'WRITTEN_FORM',
        evidenceRef: `FORM-${index}`,
        noticeVersion: '2025-01',
        language: pick(LANGUAGES, index),
        interpreterUsed: index % 3 === 0,
        recordedAt: instantOf(index, 11),
      }),
      event('ConsentGiven', {
        consentId: coordinationConsent,
        purposes: ['PROGRAM_COORDINATION'],
        dataCategories: ['IDENTITY', 'CONTACT', 'RESIDENCE_STATUS'],
        recipients: ['org-social-services'],
        lawfulBasis: 'CONSENT',
        givenOn: instantOf(index, 12),
        method: 'VERBAL_WITNESSED',
        evidenceRef: `NOTE-${index}`,
        noticeVersion: '2025-01',
        language: pick(LANGUAGES, index),
        interpreterUsed: false,
        recordedAt: instantOf(index, 13),
      }),
      event('ClientContactUpdated', {
        contact: {
          phone: `+420 6${String(index % 100_000_000).padStart(8, '0')}`,
          address: `Ulice ${index % 300}, Praha`,
        },
        updatedAt: instantOf(index + 3),
      }),
      event('InformationDisclosed', {
        disclosureId: newId(),
        recipient: volunteerId,
        purpose: 'VOLUNTEER_MATCHING',
        dataCategories: ['CONTACT'],
        basis: { consentId: matchingConsent },
        disclosedBy: COORDINATOR.id,
        disclosedAt: instantOf(index + 4),
        matchId: newId(),
      }),
      event('InformationDisclosed', {
        disclosureId: newId(),
        recipient: 'org-social-services',
        purpose: 'PROGRAM_COORDINATION',
        dataCategories: ['IDENTITY'],
        basis: { consentId: coordinationConsent },
        disclosedBy: COORDINATOR.id,
        disclosedAt: instantOf(index + 5),
      }),
      event('DisclosureRefused', {
        disclosureId: newId(),
        recipient: 'org-legal-aid',
        purpose: 'REFERRAL',
        dataCategories: ['CASE_NOTES'],
        reasonCode: 'CONSENT.NOT_IN_FORCE',
        coverageCode: 'CONSENT.NONE',
        requestedBy: COORDINATOR.id,
        refusedAt: instantOf(index + 6),
      }),
      event('ConsentGiven', {
        consentId: newId(),
        purposes: ['REFERRAL'],
        dataCategories: ['IDENTITY', 'CASE_NOTES', 'HEALTH'],
        recipients: ['org-legal-aid'],
        lawfulBasis: 'EXPLICIT_CONSENT',
        givenOn: dayOf(index + 7),
        method: 'WRITTEN_FORM',
        evidenceRef: `FORM-R-${index}`,
        noticeVersion: '2025-01',
        language: 'cs',
        interpreterUsed: true,
        recordedAt: instantOf(index + 7),
      }),
      event('ConsentWithdrawn', {
        consentId: coordinationConsent,
        withdrawnOn: instantOf(index + 8),
        method: 'ELECTRONIC',
        recordedAt: instantOf(index + 8, 5),
      }),
      event('ClientDeparted', { leftOn: dayOf(index + 9), reasonCode: 'MOVED_AWAY' }),
    ],
  };
}

function volunteerHistory(index: number, parties: RecentParties): StreamHistory {
  const volunteerId = newId();
  parties.remember('volunteer', volunteerId);
  const meta = metadata(index);
  const event = (type: string, data: JsonObject): EventToAppend => ({ type, data, metadata: meta });
  return {
    streamId: `volunteer-${volunteerId}`,
    events: [
      event('VolunteerRegistered', {
        volunteerId,
        name: `${pick(FIRST_NAMES, index + 3)} ${pick(SURNAMES, index >> 2)}`,
        email: `v${index}@example.org`,
        phone: `+420 6${String(index % 100_000_000).padStart(8, '0')}`,
        dateOfBirth: dayOf(index).replace(/^2025/, String(1955 + (index % 50))),
        languages: ['cs', pick(LANGUAGES, index)],
        regions: [pick(REGIONS, index)],
        availability: [{ day: 'SATURDAY', part: 'MORNING' }],
        interests: [pick(NEEDS, index), pick(NEEDS, index + 1)],
        registeredAt: instantOf(index),
      }),
      event('VolunteerTrainingStarted', { startedOn: dayOf(index + 1) }),
      event('IntroductoryCourseCompleted', {
        courseId: `course-${index % 40}`,
        completedOn: dayOf(index + 2),
      }),
      event('GuideHandedOut', { edition: '2025', handedOutOn: dayOf(index + 2) }),
      event('VolunteerAgreementSigned', {
        agreementId: newId(),
        signedOn: dayOf(index + 3),
        validUntil: dayOf(index + 368),
      }),
      event('InsuranceArranged', {
        policyRef: `POL-${index}`,
        from: dayOf(index + 3),
        to: dayOf(index + 368),
      }),
      event('VolunteerActivated', { activatedOn: dayOf(index + 4) }),
      event('ConsultationHeld', {
        consultationId: newId(),
        with: 'COORDINATOR',
        heldOn: dayOf(index + 20),
        notes: 'Settling in well; would like a second client in spring.',
      }),
      event('GroupMeetingAttended', { sessionId: newId(), date: dayOf(index + 30) }),
      event('SupervisionAttended', { sessionId: newId(), date: dayOf(index + 40) }),
    ],
  };
}

function matchHistory(index: number, parties: RecentParties): StreamHistory {
  const matchId = newId();
  const meta = metadata(index);
  const volunteerId = parties.volunteer(index);
  const clientId = parties.client(index);
  const event = (type: string, data: JsonObject): EventToAppend => ({ type, data, metadata: meta });
  const meeting = (round: number): EventToAppend[] => {
    const meetingId = newId();
    const date = dayOf(index + 7 * round);
    const hours = 1 + (round % 4) * 0.5;
    const activity = pick(ACTIVITIES, index + round);
    return [
      event('MeetingLogged', {
        meetingId,
        date,
        hours,
        activity,
        place: round % 2 === 0 ? 'OUTSIDE' : 'ON_PREMISES',
        loggedBy: volunteerId,
        loggedAt: instantOf(index + 7 * round, 18 * 60),
      }),
      round === 3
        ? event('MeetingDeclined', {
            meetingId,
            by: COORDINATOR.id,
            reasonCode: 'DUPLICATE',
            declinedAt: instantOf(index + 7 * round + 1),
          })
        : event('MeetingApproved', {
            meetingId,
            by: COORDINATOR.id,
            approvedAt: instantOf(index + 7 * round + 1),
            volunteerId,
            date,
            hours,
            activity,
          }),
    ];
  };
  return {
    streamId: `match-${matchId}`,
    events: [
      event('MatchProposed', {
        matchId,
        volunteerId,
        clientId,
        proposedBy: COORDINATOR.id,
        rationale: ['REGION', 'LANGUAGE', 'NEEDS'],
        proposedAt: instantOf(index),
      }),
      event('MatchAccepted', { acceptedOn: dayOf(index + 1), volunteerId, clientId }),
      ...meeting(0),
      ...meeting(1),
      ...meeting(2),
      ...meeting(3),
    ],
  };
}

function streamHistory(index: number, parties: RecentParties): StreamHistory {
  const kind = index % 10;
  if (kind < 4) return clientHistory(index, parties);
  if (kind < 7) return volunteerHistory(index, parties);
  return matchHistory(index, parties);
}

/** Appends streams `[from, from + count)`, `SEED_CONCURRENCY` appends in flight; generates as it goes. */
async function appendStreams(
  store: EventStore,
  from: number,
  count: number,
  parties: RecentParties,
  onProgress?: (events: number) => void,
): Promise<number> {
  let next = from;
  let events = 0;
  const end = from + count;
  const appender = async (): Promise<void> => {
    while (next < end) {
      const history = streamHistory(next++, parties);
      await store.append(history.streamId, 'no_stream', history.events);
      events += history.events.length;
      if (events % 100_000 === 0) onProgress?.(events);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, appender));
  return events;
}

// ---------------------------------------------------------------------------------------------------------

interface Stores {
  readonly raw: SqliteEventStore;
  readonly keys: SubjectKeyStore;
  readonly sealed: SealingEventStore;
  close(): Promise<void>;
}

/**
 * The stores as the embedded app opens them. With `NORMAL` (seeding only) the subject key file gets it too:
 * otherwise each new subject's key costs an fsync of its own.
 */
function openStores(directory: string, masterKey: MasterKey, synchronous: 'FULL' | 'NORMAL'): Stores {
  const raw = openSqliteEventStore({ filename: join(directory, 'events.db'), synchronous });
  const keysFile = join(directory, 'keys.db');
  let keysDatabase: Database.Database | undefined;
  if (synchronous === 'NORMAL') {
    keysDatabase = new Database(keysFile);
    keysDatabase.pragma('journal_mode = WAL');
    keysDatabase.pragma('synchronous = NORMAL');
  }
  const keys = openSqliteSubjectKeyStore(
    keysDatabase === undefined ? { masterKey, filename: keysFile } : { masterKey, database: keysDatabase },
  );
  const sealed = new SealingEventStore(raw, keys, definePersonalDataPolicy(PERSONAL_DATA_FIELDS));
  return {
    raw,
    keys,
    sealed,
    close: async () => {
      await sealed.close();
      await keys.close();
      keysDatabase?.close();
    },
  };
}

async function readEverything(store: EventStore, sampler: PeakRssSampler): Promise<number> {
  let after: bigint | undefined;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: READ_ALL_PAGE_SIZE });
    const last = page.at(-1);
    if (last === undefined) return events;
    events += page.length;
    after = last.position;
    sampler.sample();
    await yieldToEventLoop();
  }
}

/** Counts what the runner logs: a rebuild that logged errors measured retries, not projecting. */
function countingLogger(): ProjectionLogger & { errors: number } {
  const logger = {
    errors: 0,
    info: () => undefined,
    warn: () => undefined,
    error: (fields: Record<string, unknown>) => {
      logger.errors++;
      if (logger.errors <= 3)
        process.stderr.write(
          `projection error ${JSON.stringify(fields, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}\n`,
        );
    },
  };
  return logger;
}

/** The sealing store, counting the subscriptions the runner opens on it. */
function countingSubscriptions(
  store: EventStore,
): ProjectionRunnerOptions['eventStore'] & { opened: number } {
  const counted = {
    opened: 0,
    subscribeToAll: (options?: Parameters<EventStore['subscribeToAll']>[0]) => {
      counted.opened++;
      return store.subscribeToAll(options);
    },
    headPosition: () => store.headPosition(),
  };
  return counted;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

const SEED_DIRECTORY_ENV = 'BENCH_PROJECTIONS_SEED_DIR';
const SEED_KEY_ENV = 'BENCH_PROJECTIONS_SEED_KEY';
const SEED_STREAMS_ENV = 'BENCH_PROJECTIONS_SEED_STREAMS';

/** Runs this module again as a child that only seeds, and reads its figures from its last line of stdout. */
async function seedInChildProcess(
  directory: string,
  masterKey: MasterKey,
  streams: number,
): Promise<Throughput> {
  const last = await lastLineOfChild(__filename, {
    [SEED_DIRECTORY_ENV]: directory,
    [SEED_KEY_ENV]: masterKey.toBase64(),
    [SEED_STREAMS_ENV]: String(streams),
  });
  return JSON.parse(last === '' ? '{}' : last) as Throughput;
}

async function seedOnly(): Promise<void> {
  const directory = process.env[SEED_DIRECTORY_ENV] as string;
  const masterKey = MasterKey.fromBase64(process.env[SEED_KEY_ENV] as string);
  const streams = Number(process.env[SEED_STREAMS_ENV]);
  const seeding = openStores(directory, masterKey, 'NORMAL');
  const seed = await measureThroughput(() =>
    appendStreams(seeding.sealed, 0, streams, new RecentParties(), (done) =>
      process.stderr.write(`  ${done.toLocaleString('en-US')} events\n`),
    ),
  );
  await seeding.close();
  process.stdout.write(`${JSON.stringify(seed)}\n`);
}

if (require.main === module && process.env[SEED_DIRECTORY_ENV] !== undefined) {
  seedOnly().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

export async function run(): Promise<void> {
  const events = totalEvents();
  const streams = Math.floor(events / EVENTS_PER_STREAM);
  const catchUpStreams = CATCH_UP_EVENTS / EVENTS_PER_STREAM;
  const projections = REBUILT.map((name) => {
    const projection = ALL_PROJECTIONS.find((candidate) => candidate.name === name);
    if (projection === undefined) throw new Error(`projection ${name} is not in ALL_PROJECTIONS`);
    return projection;
  });
  const names = projections.map((projection) => projection.name);
  const directory = mkdtempSync(join(tmpdir(), 'bench-projections-'));
  const whole = new PeakRssSampler().start();
  const rssAfterLoadMiB = toMiB(process.memoryUsage().rss);
  const masterKey = MasterKey.generate();
  const parties = new RecentParties();
  const log = (message: string): void => {
    process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  };

  try {
    // Seeding is setup, not a figure: NORMAL (safe against a process crash, not power loss) to keep it short,
    // and in a child process, so that the peak RSS below is that of reading and projecting alone.
    log(
      `seeding ${streams.toLocaleString('en-US')} streams × ${EVENTS_PER_STREAM} events (synchronous = NORMAL, child process)`,
    );
    const seed = await seedInChildProcess(directory, masterKey, streams);
    log(`seeded in ${seed.seconds.toFixed(1)} s`);

    // Everything measured runs on the store as production opens it: synchronous = FULL.
    const stores = openStores(directory, masterKey, 'FULL');
    const head = await stores.raw.headPosition();

    log('readAll through the raw adapter');
    const rawReadAll = await measureThroughput((sampler) => readEverything(stores.raw, sampler));
    log('readAll through the sealing store');
    const sealedReadAll = await measureThroughput((sampler) => readEverything(stores.sealed, sampler));
    if (rawReadAll.events !== Number(head) || sealedReadAll.events !== Number(head))
      throw new Error(`readAll saw ${rawReadAll.events}/${sealedReadAll.events} events of ${head}`);

    log(`rebuilding ${names.join(', ')} from position 0`);
    const documentStore = new SqliteDocumentStore({ filename: join(directory, 'read-models.db') });
    const rebuildLogger = countingLogger();
    const rebuildSource = countingSubscriptions(stores.sealed);
    const rebuilder = new ProjectionRunner({
      eventStore: rebuildSource,
      documentStore,
      projections,
      logger: rebuildLogger,
    });
    const rebuild = await measureThroughput(async (sampler) => {
      const progress = setInterval(() => {
        sampler.sample();
        void rebuilder
          .status()
          .then((status) =>
            log(`  at ${status.projections.map((p) => `${p.name} ${p.position}`).join(', ')}`),
          );
      }, 20_000);
      try {
        rebuilder.start();
        await rebuilder.waitFor(head, names, WAIT_TIMEOUT_MS);
      } finally {
        clearInterval(progress);
      }
      return Number(head);
    });
    const memoryAfterRebuild = process.memoryUsage();
    await rebuilder.stop();
    const documents = Object.fromEntries(
      await Promise.all(
        projections.map(async (projection) => [
          projection.name,
          await documentStore.count(physicalCollectionName(projection)),
        ]),
      ),
    ) as Record<string, number>;
    log(`rebuilt in ${rebuild.seconds.toFixed(1)} s; documents ${JSON.stringify(documents)}`);

    log(`appending ${CATCH_UP_EVENTS.toLocaleString('en-US')} events while the runner is stopped`);
    await appendStreams(stores.sealed, streams, catchUpStreams, parties);
    const catchUpHead = await stores.raw.headPosition();
    const followLogger = countingLogger();
    const follower = new ProjectionRunner({
      eventStore: stores.sealed,
      documentStore,
      projections,
      logger: followLogger,
    });
    const catchUp = await measureThroughput(async () => {
      follower.start();
      await follower.waitFor(catchUpHead, names, WAIT_TIMEOUT_MS);
      return Number(catchUpHead - head);
    });

    log(`append-to-visible latency over ${LATENCY_SAMPLES} single appends`);
    const latencySampler = new PeakRssSampler().start();
    const appendMs: number[] = [];
    const visibleMs: number[] = [];
    const clientStream = `client-${newId()}`;
    const matchStream = `match-${newId()}`;
    const opening = clientHistory(streams + catchUpStreams, parties);
    await stores.sealed.append(clientStream, 'no_stream', opening.events.slice(0, 1));
    await stores.sealed.append(
      matchStream,
      'no_stream',
      matchHistory(streams + catchUpStreams + 1, parties).events.slice(0, 2),
    );
    for (let sample = 0; sample < LATENCY_SAMPLES; sample++) {
      // Alternates a sealed client event and a clear match event, so both projections' paths are timed.
      const [streamId, event]: [string, EventToAppend] =
        sample % 2 === 0
          ? [
              clientStream,
              {
                type: 'ClientContactUpdated',
                data: {
                  contact: { phone: `+420 7${String(sample).padStart(8, '0')}` },
                  updatedAt: instantOf(sample),
                },
                metadata: metadata(sample),
              },
            ]
          : [
              matchStream,
              {
                type: 'MeetingLogged',
                data: {
                  meetingId: newId(),
                  date: dayOf(sample),
                  hours: 1.5,
                  activity: 'LEISURE',
                  place: 'OUTSIDE',
                  loggedBy: 'volunteer-bench',
                  loggedAt: instantOf(sample),
                },
                metadata: metadata(sample),
              },
            ];
      const started = performance.now();
      const appended = await stores.sealed.append(streamId, 'any', [event]);
      const written = performance.now();
      await follower.waitFor(appended.position, names, 10_000);
      const visible = performance.now();
      appendMs.push(written - started);
      visibleMs.push(visible - started);
    }
    const latencyPeakMiB = toMiB(latencySampler.stop());
    await follower.stop();
    await documentStore.close();
    await stores.close();

    appendMs.sort((a, b) => a - b);
    visibleMs.sort((a, b) => a - b);
    const latency = {
      samples: LATENCY_SAMPLES,
      appendMedianMs: round2(percentile(appendMs, 0.5)),
      appendP99Ms: round2(percentile(appendMs, 0.99)),
      visibleMedianMs: round2(percentile(visibleMs, 0.5)),
      visibleP99Ms: round2(percentile(visibleMs, 0.99)),
      visibleMaxMs: round2(visibleMs.at(-1) ?? Number.NaN),
      peakRssMiB: latencyPeakMiB,
    };
    const peakRssMb = toMiB(Math.max(whole.stop(), processMaxRssBytes()));
    const rebuildVsReadAll = round2(rebuild.eventsPerSecond / sealedReadAll.eventsPerSecond);
    const errors = rebuildLogger.errors + followLogger.errors;

    const rows: { workload: string; figures: Throughput }[] = [
      {
        workload: `seed: ${EVENTS_PER_STREAM} events/append, ${SEED_CONCURRENCY} in flight (NORMAL)`,
        figures: seed,
      },
      { workload: 'readAll pages of 1000, raw adapter', figures: rawReadAll },
      { workload: 'readAll pages of 1000, sealing store (opened)', figures: sealedReadAll },
      { workload: `rebuild ${names.join(' + ')} from 0`, figures: rebuild },
      { workload: `catch-up of ${CATCH_UP_EVENTS.toLocaleString('en-US')} new events`, figures: catchUp },
    ];
    console.log(
      formatTable(rows, [
        { header: 'workload', value: (row) => row.workload },
        { header: 'events', value: (row) => row.figures.events, align: 'right' },
        { header: 'seconds', value: (row) => row.figures.seconds.toFixed(2), align: 'right' },
        { header: 'events/s', value: (row) => row.figures.eventsPerSecond, align: 'right' },
        { header: 'peak RSS MiB', value: (row) => row.figures.peakRssMiB.toFixed(1), align: 'right' },
      ]),
    );
    console.log('');
    console.log(
      formatTable(
        [
          { what: 'append (FULL)', median: latency.appendMedianMs, p99: latency.appendP99Ms },
          {
            what: 'append → visible through waitFor',
            median: latency.visibleMedianMs,
            p99: latency.visibleP99Ms,
          },
        ],
        [
          { header: `latency over ${LATENCY_SAMPLES} single appends, idle`, value: (row) => row.what },
          { header: 'median ms', value: (row) => row.median.toFixed(2), align: 'right' },
          { header: 'p99 ms', value: (row) => row.p99.toFixed(2), align: 'right' },
        ],
      ),
    );
    console.log('');
    console.log(
      `rebuildVsReadAll ${rebuildVsReadAll} (target ≥ 0.4); peak RSS ${peakRssMb} MiB (target < 300; ` +
        `${rssAfterLoadMiB} MiB after loading modules); subscriptions opened by the rebuild: ` +
        `${rebuildSource.opened}; projection errors logged: ${errors}; documents ${JSON.stringify(documents)}`,
    );

    const path = writeBenchResults(NAME, {
      name: NAME,
      measuredAt: new Date().toISOString(),
      machine: describeMachine(),
      config: {
        events,
        streams,
        eventsPerStream: EVENTS_PER_STREAM,
        projections: names,
        seedSynchronous: 'NORMAL',
        measuredSynchronous: 'FULL',
        readAllPageSize: READ_ALL_PAGE_SIZE,
        runner: 'defaults (maxBatchSize 500, maxBatchWaitMs 50)',
      },
      seed,
      readAll: { raw: rawReadAll, sealed: sealedReadAll },
      rebuild: { ...rebuild, subscriptionsOpened: rebuildSource.opened, documents },
      catchUp,
      latency,
      errorsLogged: errors,
      ratios: {
        rebuildVsReadAll,
        rebuildVsRawReadAll: round2(rebuild.eventsPerSecond / rawReadAll.eventsPerSecond),
      },
      rssAfterLoadMiB,
      memoryAfterRebuildMiB: Object.fromEntries(
        Object.entries(memoryAfterRebuild).map(([key, bytes]: [string, number]) => [key, toMiB(bytes)]),
      ),
      peakRssMb,
      targets: { rebuildVsReadAll: 0.4, peakRssMb: 300 },
      targetsMet: { rebuildVsReadAll: rebuildVsReadAll >= 0.4, peakRssMb: peakRssMb < 300 },
    });
    console.log(`\nwrote ${path}`);
  } finally {
    whole.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
