import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  MasterKey,
  SealingEventStore,
  definePersonalDataPolicy,
  isSealedEnvelope,
  openSqliteEventStore,
  openSqliteSubjectKeyStore,
  type EventMetadataInput,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  WAL_AUTOCHECKPOINT_PAGES,
} from '@app/event-store';
import { newId } from '@app/platform';
import {
  loadEmmettPeer,
  type EmmettEvent,
  type EmmettExpectedStreamVersion,
  type EmmettSqliteModule,
} from './peers/emmett/emmett-peer';
import {
  describeMachine,
  measureInterleaved,
  formatTable,
  measureThroughput,
  processMaxRssBytes,
  toMiB,
  writeBenchResults,
  yieldToEventLoop,
  type RoundedWorkload,
  type Throughput,
} from './support';

interface ClosableWorkload extends RoundedWorkload {
  close(): Promise<void>;
}

const NAME = 'event-store';

/** `BENCH_SCALE=0.1` gives a quick smoke run; published figures use 1. */
function benchScale(): number {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  if (!(Number.isFinite(scale) && scale > 0)) throw new Error('BENCH_SCALE must be a positive number');
  return scale;
}

const BATCH_SIZE = 100;
const READ_ALL_PAGE_SIZE = 1000;
/** A realistic client history: single appends go to streams of this many events each. */
const EVENTS_PER_STREAM = 50;
/** Batched appends go to streams of this many batches each. */
const BATCHES_PER_STREAM = 10;

/**
 * Every workload runs in this many rounds, interleaved with the others (see `measureInterleaved`), so that
 * other processes' load on this shared machine falls on all of them alike.
 */
const ROUNDS = 5;

function sizesFor(scale: number) {
  const perRound = (total: number) => Math.max(1, Math.round((total * scale) / ROUNDS)) * ROUNDS;
  return {
    rawSingleEvents: perRound(5000),
    rawBatches: perRound(50_000 / BATCH_SIZE),
    singleEvents: perRound(5000),
    batches: perRound(50_000 / BATCH_SIZE),
    concurrentAppenders: 50,
    appendsPerAppender: perRound(200),
    emmettSingleEvents: perRound(2000),
  };
}
type Sizes = ReturnType<typeof sizesFor>;

/** Applied to every SQLite connection measured here (ours sets the same in `prepareDatabase`). */
const PRAGMAS = [
  'journal_mode = WAL',
  `wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`,
  'synchronous = FULL',
] as const;

/** The adapter's `events` table, so that the raw baseline pays for the same indexes and constraints. */
const RAW_EVENTS_TABLE = `
CREATE TABLE events (
  position    INTEGER PRIMARY KEY,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    TEXT    NOT NULL UNIQUE,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE INDEX events_by_type ON events (type, position);`;

const EVENT_TYPE = 'ClientNoted';
const ACTOR = { id: 'bench-coordinator', role: 'COORDINATOR' } as const;

function metadataInput(): EventMetadataInput {
  const commandId = newId();
  return {
    commandId,
    correlationId: commandId,
    causationId: null,
    actor: ACTOR,
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
  };
}

/** One personal field (`name`, sealed by the policy below) among clear ones, as in the domain's events. */
function clientNoted(sequence: number): EventToAppend {
  return {
    type: EVENT_TYPE,
    data: { name: `Client ${sequence}`, region: 'PRAGUE', topic: 'HOUSING', sequence },
    metadata: metadataInput(),
  };
}

const newStreamId = (): string => `client-${newId()}`;

// ---------------------------------------------------------------------------------------------------------
// (a) The limit of this machine: better-sqlite3 inserting rows of our shape, nothing else.

/** A sealed `name` as stored: sizes match what the sealing decorator writes for a short name. */
const SEALED_NAME_SHAPE = {
  $sealed: 1,
  iv: randomBytes(12).toString('base64'),
  ct: randomBytes(14).toString('base64'),
  tag: randomBytes(16).toString('base64'),
};

type RawRow = [number, string, number, string, string, string, string, string];

/** Builds rows of one stream after another, chaining `prevHash` the way the store does. */
class RawRowSource {
  private position = 0;
  private streamId = newStreamId();
  private revision = -1;
  private prevHash = '0'.repeat(64);

  constructor(private readonly eventsPerStream: number) {}

  next(): RawRow {
    if (this.revision + 1 === this.eventsPerStream) {
      this.streamId = newStreamId();
      this.revision = -1;
      this.prevHash = '0'.repeat(64);
    }
    this.position += 1;
    this.revision += 1;
    const hash = randomBytes(32).toString('hex');
    const data = { name: SEALED_NAME_SHAPE, region: 'PRAGUE', topic: 'HOUSING', sequence: this.position };
    const metadata = { ...metadataInput(), prevHash: this.prevHash, hash };
    this.prevHash = hash;
    return [
      this.position,
      this.streamId,
      this.revision,
      newId(),
      EVENT_TYPE,
      JSON.stringify(data),
      JSON.stringify(metadata),
      new Date().toISOString(),
    ];
  }
}

function openRawDatabase(filename: string) {
  const db = new Database(filename);
  for (const pragma of PRAGMAS) db.pragma(pragma);
  db.exec(RAW_EVENTS_TABLE);
  const insert = db.prepare<RawRow>(
    'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertBatch = db.transaction((rows: readonly RawRow[]) => {
    for (const row of rows) insert.run(...row);
  });
  return { db, insert, insertBatch };
}

/** Autocommit: one transaction, hence one WAL fsync, per row. */
function rawSingleInserts(filename: string, sizes: Sizes): ClosableWorkload {
  const raw = openRawDatabase(filename);
  const rows = new RawRowSource(EVENTS_PER_STREAM);
  const perRound = sizes.rawSingleEvents / ROUNDS;
  return {
    name: 'rawSingle',
    async round() {
      for (let index = 0; index < perRound; index += 1) {
        raw.insert.run(...rows.next());
        // The loop is synchronous; yielding now and then lets the RSS sampler run.
        if (index % BATCH_SIZE === BATCH_SIZE - 1) await yieldToEventLoop();
      }
      return perRound;
    },
    close: async () => {
      raw.db.close();
    },
  };
}

function rawBatchInserts(filename: string, sizes: Sizes): ClosableWorkload {
  const raw = openRawDatabase(filename);
  const rows = new RawRowSource(BATCH_SIZE * BATCHES_PER_STREAM);
  const batchesPerRound = sizes.rawBatches / ROUNDS;
  return {
    name: 'rawBatch',
    async round() {
      for (let batch = 0; batch < batchesPerRound; batch += 1) {
        raw.insertBatch.immediate(Array.from({ length: BATCH_SIZE }, () => rows.next()));
        await yieldToEventLoop();
      }
      return batchesPerRound * BATCH_SIZE;
    },
    close: async () => {
      raw.db.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// (b)–(e) Our SQLite adapter behind the sealing decorator.

/** Where one writer stands: its current stream and the exact revision its next append expects. */
class StreamCursor {
  streamId = newStreamId();
  expected: ExpectedRevision = 'no_stream';
  private appends = 0;

  constructor(private readonly appendsPerStream: number) {}

  /** Moves on to a fresh stream once the current one has had its share of appends. */
  advance(): void {
    if (this.appends > 0 && this.appends % this.appendsPerStream === 0) {
      this.streamId = newStreamId();
      this.expected = 'no_stream';
    }
    this.appends += 1;
  }
}

let sequence = 0;
const nextEvents = (count: number): EventToAppend[] =>
  Array.from({ length: count }, () => clientNoted((sequence += 1)));

async function appendInto(store: EventStore, cursor: StreamCursor, eventCount: number): Promise<void> {
  cursor.advance();
  const result = await store.append(cursor.streamId, cursor.expected, nextEvents(eventCount));
  cursor.expected = result.nextExpectedRevision;
}

/** Appends one event at a time, each with the exact expected revision of its stream. */
function singleAppends(store: EventStore, sizes: Sizes): RoundedWorkload {
  const cursor = new StreamCursor(EVENTS_PER_STREAM);
  const perRound = sizes.singleEvents / ROUNDS;
  return {
    name: 'single',
    async round() {
      for (let index = 0; index < perRound; index += 1) await appendInto(store, cursor, 1);
      return perRound;
    },
  };
}

function batchedAppends(store: EventStore, sizes: Sizes): RoundedWorkload {
  const cursor = new StreamCursor(BATCHES_PER_STREAM);
  const batchesPerRound = sizes.batches / ROUNDS;
  return {
    name: 'batch',
    async round() {
      for (let batch = 0; batch < batchesPerRound; batch += 1) await appendInto(store, cursor, BATCH_SIZE);
      return batchesPerRound * BATCH_SIZE;
    },
  };
}

/** Independent writers, each awaiting its own appends on its own stream: what the group commit is for. */
function concurrentAppends(store: EventStore, sizes: Sizes): RoundedWorkload {
  const cursors = Array.from({ length: sizes.concurrentAppenders }, () => new StreamCursor(Infinity));
  const perAppenderPerRound = sizes.appendsPerAppender / ROUNDS;
  const appender = async (cursor: StreamCursor): Promise<void> => {
    for (let index = 0; index < perAppenderPerRound; index += 1) await appendInto(store, cursor, 1);
  };
  return {
    name: 'concurrent',
    async round() {
      await Promise.all(cursors.map(appender));
      return cursors.length * perAppenderPerRound;
    },
  };
}

async function readEverything(store: EventStore, expectedEvents: number): Promise<Throughput> {
  return measureThroughput(async () => {
    let read = 0;
    let after = 0n;
    for (;;) {
      const page = await store.readAll({ after, maxCount: READ_ALL_PAGE_SIZE });
      read += page.length;
      const last = page[page.length - 1];
      if (last === undefined || page.length < READ_ALL_PAGE_SIZE) break;
      after = last.position;
    }
    if (read !== expectedEvents)
      throw new Error(`readAll returned ${read} events, ${expectedEvents} were written`);
    return read;
  });
}

/** A figure for an unsealed store would flatter us; make sure the field really is stored sealed. */
async function assertNameIsSealed(inner: EventStore): Promise<void> {
  const [first] = await inner.readAll({ maxCount: 1 });
  if (first === undefined || !isSealedEnvelope(first.data.name)) {
    throw new Error('the benchmark expected the `name` field to be stored sealed');
  }
}

function openOurStore(directory: string) {
  const inner = openSqliteEventStore({ filename: join(directory, 'events.db'), synchronous: 'FULL' });
  const keys = openSqliteSubjectKeyStore({
    masterKey: MasterKey.generate(),
    filename: join(directory, 'subject-keys.db'),
  });
  const store = new SealingEventStore(inner, keys, definePersonalDataPolicy({ [EVENT_TYPE]: ['name'] }));
  return {
    inner,
    store,
    close: async () => {
      await store.close();
      await keys.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// (f) The peer: Emmett's SQLite event store, same single-append workload.

function emmettEvent(): EmmettEvent {
  const [{ data, metadata }] = nextEvents(1) as [EventToAppend];
  return { type: EVENT_TYPE, data, metadata: { ...metadata } };
}

type EmmettAppend = (
  streamId: string,
  event: EmmettEvent,
  expected: EmmettExpectedStreamVersion,
) => Promise<bigint>;

/**
 * Emmett 0.38.5 on node-sqlite3 now and then fails a COMMIT with `SQLITE_BUSY: cannot commit transaction - SQL
 * statements in progress` (a statement of the same append not yet finalised); it rolls the transaction back, so
 * an application would simply retry. So does the benchmark, counting the retries; their time is included.
 */
const EMMETT_BUSY_RETRIES = 5;

const isSqliteBusy = (error: unknown): boolean =>
  error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_BUSY';

interface EmmettWorkload extends RoundedWorkload {
  readonly busyRetries: () => number;
}

/** Emmett's versions count events, so the first append to a stream expects 0n. */
function emmettSingleAppends(name: string, count: number, append: EmmettAppend): EmmettWorkload {
  const perRound = count / ROUNDS;
  let appended = 0;
  let busyRetries = 0;
  let streamId = newStreamId();
  let expected: EmmettExpectedStreamVersion = 0n;
  const appendRetryingBusy = async (event: EmmettEvent): Promise<bigint> => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await append(streamId, event, expected);
      } catch (error) {
        if (!isSqliteBusy(error) || attempt === EMMETT_BUSY_RETRIES) throw error;
        busyRetries += 1;
      }
    }
  };
  return {
    name,
    busyRetries: () => busyRetries,
    async round() {
      for (let index = 0; index < perRound; index += 1) {
        if (appended > 0 && appended % EVENTS_PER_STREAM === 0) {
          streamId = newStreamId();
          expected = 0n;
        }
        expected = await appendRetryingBusy(emmettEvent());
        appended += 1;
      }
      return perRound;
    },
  };
}

/** The documented entry point; given a file name, it opens and closes a connection around every call. */
function emmettEventStoreAppends(
  emmett: EmmettSqliteModule,
  filename: string,
  count: number,
): EmmettWorkload {
  const store = emmett.getSQLiteEventStore({ fileName: filename });
  return emmettSingleAppends('emmettEventStore', count, async (streamId, event, expected) => {
    const result = await store.appendToStream(streamId, [event], { expectedStreamVersion: expected });
    return result.nextExpectedStreamVersion;
  });
}

/** Emmett's own append function on one long-lived connection with our pragmas: its best case. */
async function emmettConnectionAppends(
  emmett: EmmettSqliteModule,
  filename: string,
  count: number,
): Promise<EmmettWorkload & ClosableWorkload> {
  const connection = emmett.sqliteConnection({ fileName: filename });
  for (const pragma of PRAGMAS) await connection.command(`PRAGMA ${pragma}`);
  await emmett.createEventStoreSchema(connection);
  const workload = emmettSingleAppends('emmettConnection', count, async (streamId, event, expected) => {
    const result = await emmett.appendToStream(connection, streamId, 'client', [event], {
      expectedStreamVersion: expected,
    });
    if (!result.success) throw new Error('emmett rejected an append with the expected stream version');
    return result.nextStreamPosition;
  });
  return { ...workload, close: async () => connection.close() };
}

type EmmettStatus =
  | {
      readonly available: true;
      readonly versions: Record<string, string>;
      readonly workloads: (EmmettWorkload & ClosableWorkload)[];
    }
  | { readonly available: false; readonly reason: string };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function prepareEmmett(
  directory: string,
  sizes: Sizes,
  log: (line: string) => void,
): Promise<EmmettStatus> {
  const peer = loadEmmettPeer(log);
  if (!peer.available) return peer;
  try {
    const eventStore = emmettEventStoreAppends(
      peer.emmett,
      join(directory, 'emmett-store.db'),
      sizes.emmettSingleEvents,
    );
    const connection = await emmettConnectionAppends(
      peer.emmett,
      join(directory, 'emmett-connection.db'),
      sizes.emmettSingleEvents,
    );
    return {
      available: true,
      versions: peer.versions,
      workloads: [{ ...eventStore, close: async () => {} }, connection],
    };
  } catch (error) {
    return { available: false, reason: `the emmett peer failed to start: ${messageOf(error)}` };
  }
}

// ---------------------------------------------------------------------------------------------------------

const TARGETS = {
  singleVsRaw: 0.8,
  batchVsRawBatch: 0.6,
  concurrentVsRawBatch: 0.5,
  singleVsEmmett: 5,
} as const;
type RatioName = keyof typeof TARGETS;

const ratio = (ours: Throughput, baseline: Throughput): number =>
  Math.round((ours.eventsPerSecond / baseline.eventsPerSecond) * 100) / 100;

interface Row {
  readonly workload: string;
  readonly figures: Throughput | null;
  readonly note?: string;
}

function printResults(rows: readonly Row[], ratios: Record<RatioName, number | null>): void {
  console.log(
    formatTable(rows, [
      { header: 'workload', value: (row) => row.workload },
      { header: 'events', value: (row) => row.figures?.events ?? null, align: 'right' },
      { header: 'seconds', value: (row) => row.figures?.seconds.toFixed(2) ?? null, align: 'right' },
      {
        header: 'events/s',
        value: (row) => row.figures?.eventsPerSecond ?? row.note ?? null,
        align: 'right',
      },
      { header: 'peak RSS MiB', value: (row) => row.figures?.peakRssMiB.toFixed(1) ?? null, align: 'right' },
    ]),
  );
  console.log('');
  const ratioRows = Object.entries(TARGETS) as [RatioName, number][];
  console.log(
    formatTable(ratioRows, [
      { header: 'ratio', value: ([name]) => name },
      { header: 'measured', value: ([name]) => ratios[name]?.toFixed(2) ?? 'unavailable', align: 'right' },
      { header: 'target', value: ([, target]) => `≥ ${target}`, align: 'right' },
      {
        header: 'met',
        value: ([name, target]) => {
          const measured = ratios[name];
          if (measured === null) return 'n/a';
          return measured >= target ? 'yes' : 'NO';
        },
      },
    ]),
  );
}

/**
 * A peer that fails part-way is reported as unavailable with its reason instead of stopping the benchmark;
 * its partial figures are discarded.
 */
class PeerGuard {
  private readonly failures = new Map<string, string>();

  wrap(workload: RoundedWorkload): RoundedWorkload {
    return {
      name: workload.name,
      round: async (roundIndex) => {
        if (this.failures.has(workload.name)) return 0;
        try {
          return await workload.round(roundIndex);
        } catch (error) {
          this.failures.set(workload.name, `the emmett peer failed while running: ${messageOf(error)}`);
          return 0;
        }
      },
    };
  }

  failureOf(name: string): string | undefined {
    return this.failures.get(name);
  }
}

type PeerFigures =
  | ({ readonly available: true; readonly busyRetries: number } & Throughput)
  | { readonly available: false; readonly reason: string };

const peerRow = (workload: string, figures: PeerFigures): Row =>
  figures.available
    ? {
        workload:
          figures.busyRetries > 0 ? `${workload} (${figures.busyRetries} SQLITE_BUSY retried)` : workload,
        figures,
      }
    : { workload, figures: null, note: `unavailable: ${firstLine(figures.reason)}` };

const required = (results: Map<string, Throughput>, name: string): Throughput => {
  const figures = results.get(name);
  if (figures === undefined) throw new Error(`no figures for ${name}`);
  return figures;
};

/** Multi-line reasons (a native module's search path, say) would break the table; the JSON keeps them whole. */
const firstLine = (text: string): string => text.split('\n', 1)[0] ?? text;

export async function run(): Promise<void> {
  const scale = benchScale();
  const sizes = sizesFor(scale);
  const directory = mkdtempSync(join(tmpdir(), 'pruvodce-bench-event-store-'));
  const log = (line: string) => console.error(`[${NAME}] ${line}`);
  const toClose: (() => Promise<void>)[] = [];
  try {
    const startRssMiB = toMiB(process.memoryUsage().rss);
    const emmett = await prepareEmmett(directory, sizes, log);
    const guard = new PeerGuard();
    if (emmett.available) toClose.push(...emmett.workloads.map((workload) => () => workload.close()));
    else log(`emmett peer unavailable: ${emmett.reason}`);

    const ours = openOurStore(directory);
    toClose.push(ours.close);
    const rawSingle = rawSingleInserts(join(directory, 'raw-single.db'), sizes);
    const rawBatch = rawBatchInserts(join(directory, 'raw-batch.db'), sizes);
    toClose.push(rawSingle.close, rawBatch.close);

    log(`single appends: raw, ours${emmett.available ? ', emmett ×2' : ''} (${ROUNDS} interleaved rounds)`);
    const singles = await measureInterleaved(
      [
        rawSingle,
        singleAppends(ours.store, sizes),
        ...(emmett.available ? emmett.workloads.map((workload) => guard.wrap(workload)) : []),
      ],
      ROUNDS,
    );
    await assertNameIsSealed(ours.inner);
    log(`batched and concurrent appends: raw, ours (${ROUNDS} interleaved rounds)`);
    const batches = await measureInterleaved(
      [rawBatch, batchedAppends(ours.store, sizes), concurrentAppends(ours.store, sizes)],
      ROUNDS,
    );
    const figures = {
      rawSingle: required(singles, 'rawSingle'),
      rawBatch: required(batches, 'rawBatch'),
      single: required(singles, 'single'),
      batch: required(batches, 'batch'),
      concurrent: required(batches, 'concurrent'),
    };
    log('readAll over everything written');
    const readAll = await readEverything(
      ours.store,
      figures.single.events + figures.batch.events + figures.concurrent.events,
    );

    const peerFigures = (name: string): PeerFigures => {
      if (!emmett.available) return { available: false, reason: emmett.reason };
      const failure = guard.failureOf(name);
      const busyRetries = emmett.workloads.find((workload) => workload.name === name)?.busyRetries() ?? 0;
      return failure === undefined
        ? { available: true, busyRetries, ...required(singles, name) }
        : { available: false, reason: failure };
    };
    const emmettEventStore = peerFigures('emmettEventStore');
    const emmettConnection = peerFigures('emmettConnection');
    // Against the faster of the ways of using Emmett that worked, so that the ratio is not flattered.
    const bestEmmett = [emmettEventStore, emmettConnection]
      .filter((figures): figures is PeerFigures & { available: true } => figures.available)
      .reduce<Throughput | null>(
        (best, candidate) =>
          best === null || candidate.eventsPerSecond > best.eventsPerSecond ? candidate : best,
        null,
      );
    const ratios: Record<RatioName, number | null> = {
      singleVsRaw: ratio(figures.single, figures.rawSingle),
      batchVsRawBatch: ratio(figures.batch, figures.rawBatch),
      concurrentVsRawBatch: ratio(figures.concurrent, figures.rawBatch),
      singleVsEmmett: bestEmmett === null ? null : ratio(figures.single, bestEmmett),
    };
    const rows: Row[] = [
      { workload: 'raw better-sqlite3, 1 row/tx', figures: figures.rawSingle },
      { workload: `raw better-sqlite3, ${BATCH_SIZE} rows/tx`, figures: figures.rawBatch },
      { workload: 'ours, single appends (sealed, chained)', figures: figures.single },
      { workload: `ours, ${BATCH_SIZE} events/append`, figures: figures.batch },
      { workload: `ours, ${sizes.concurrentAppenders} concurrent appenders`, figures: figures.concurrent },
      { workload: `ours, readAll pages of ${READ_ALL_PAGE_SIZE}`, figures: readAll },
      peerRow('emmett-sqlite, getSQLiteEventStore', emmettEventStore),
      peerRow('emmett-sqlite, one open connection', emmettConnection),
    ];
    printResults(rows, ratios);
    const processMaxRssMiB = toMiB(processMaxRssBytes());
    console.log(
      `\nRSS after loading modules: ${startRssMiB.toFixed(1)} MiB; process peak (ru_maxrss): ${processMaxRssMiB.toFixed(1)} MiB`,
    );

    const path = writeBenchResults(NAME, {
      benchmark: NAME,
      measuredAt: new Date().toISOString(),
      machine: describeMachine(),
      scale,
      rounds: ROUNDS,
      sizes: {
        ...sizes,
        batchSize: BATCH_SIZE,
        readAllPageSize: READ_ALL_PAGE_SIZE,
        eventsPerStream: EVENTS_PER_STREAM,
      },
      pragmas: PRAGMAS,
      results: {
        ...figures,
        readAll,
        emmett: {
          versions: emmett.available ? emmett.versions : null,
          eventStore: emmettEventStore,
          connection: emmettConnection,
        },
      },
      startRssMiB,
      processMaxRssMiB,
      ratios,
      targets: TARGETS,
    });
    console.log(`results written to ${path}`);
  } finally {
    for (const close of toClose) await close();
    rmSync(directory, { recursive: true, force: true });
  }
}
