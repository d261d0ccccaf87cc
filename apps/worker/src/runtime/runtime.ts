import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import IORedis from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import { PERSONAL_DATA_FIELDS } from '@app/domain';
import {
  MASTER_KEY_FILE,
  SealingEventStore,
  UpcasterRegistry,
  assertMasterKeyOpensStoredKeys,
  UpcastingEventStore,
  definePersonalDataPolicy,
  loadMasterKey,
  mongoHoldsSubjectKeys,
  openEsdbEventStore,
  openMongoSubjectKeyStore,
  openSqliteEventStore,
  openSqliteSubjectKeyStore,
  type EventStore,
  type SubjectKeyStore,
} from '@app/event-store';
import { BullMqJobQueue, InProcessJobQueue, type JobQueue } from '@app/jobs';
import {
  ALL_PROJECTIONS,
  NoopProjectionLease,
  ProjectionRunner,
  RedisProjectionLease,
  SqliteDocumentStore,
  SqliteProjectionLease,
  embeddedProjectionStoreFiles,
  openMongoDocumentStore,
  openSqliteDocumentStore,
  waitForProjections,
  type DocumentStore,
  type ProjectionLease,
} from '@app/read-models';
import { ConfigError, type AppConfig, type Logger } from '@app/platform';
import { certificatePolicyFrom } from '../certificates/certificate-settings';

const SUBJECT_KEYS_FILE = 'subject-keys.sqlite';

/**
 * The composition root shared by the API and the worker: one function decides, from configuration alone,
 * which adapter backs each port. Unset URLs select the embedded default under DATA_DIR.
 */
export interface Runtime {
  readonly config: AppConfig;
  /** The adapter as stored: what integrity checks walk (sealed personal data, hashes as written). */
  readonly rawEventStore: EventStore;
  /** What commands and projections use: personal data opened, old schema versions upcast. */
  readonly eventStore: EventStore;
  readonly keys: SubjectKeyStore;
  readonly documents: DocumentStore;
  readonly jobs: JobQueue;
  /** Present where this process runs the projections (the worker, or the API when embedded). */
  readonly runner: ProjectionRunner | null;
  /** What keeps one projection runner per store at a time, across processes (`projectionLeaseFor`). */
  readonly projectionLease: ProjectionLease;
  waitFor(position: bigint, projections: readonly string[], timeoutMs: number): Promise<void>;
  collection(logicalName: string): Promise<string>;
  /** Per projection: checkpoint, lag behind the store head, and whether it is failing (for health and metrics). */
  projectionStatus(): Promise<ProjectionHealth[]>;
  close(): Promise<void>;
}

export interface ProjectionHealth {
  readonly name: string;
  readonly position: string;
  readonly lag: string;
  readonly failing: boolean;
}

export interface RuntimeOptions {
  /** Run the projection runner in this process. */
  readonly project: boolean;
}

export const UPCASTERS = new UpcasterRegistry([]);

export async function createRuntime(
  config: AppConfig,
  logger: Logger,
  options: RuntimeOptions,
): Promise<Runtime> {
  // Settings checked only where they are used would otherwise be refused after DATA_DIR, its key and its
  // stores were created, and after the worker's start-up sweeps ran.
  certificatePolicyFrom(config.certificates);
  const closers: (() => Promise<unknown>)[] = [];
  const embeddedFiles = config.eventStoreUrl === undefined || config.mongoUrl === undefined;
  if (embeddedFiles) mkdirSync(config.dataDir, { recursive: true });
  try {
    if (config.production && config.dataKey === undefined) {
      throw new ConfigError('DATA_KEY', 'must be set in production (openssl rand -base64 32)');
    }
    // Before the master key: a key generated while MongoDB holds subject keys would open none of them.
    let mongo: Connection | null = null;
    if (config.mongoUrl !== undefined) {
      mongo = await mongoose
        .createConnection(config.mongoUrl, { serverSelectionTimeoutMS: 10_000 })
        .asPromise();
      const connection = mongo;
      closers.push(() => connection.close());
    }

    const connectedMongo = mongo;
    const masterKey = await loadMasterKey({
      dataKey: config.dataKey,
      dataDir: config.dataDir,
      // Only the files of stores this configuration keeps in DATA_DIR: the events (unless EventStoreDB) and the
      // subject keys (unless MongoDB).
      sealedDataFiles: [
        ...(config.eventStoreUrl === undefined
          ? [basename(embeddedProjectionStoreFiles(config.dataDir).events)]
          : []),
        ...(config.mongoUrl === undefined ? [SUBJECT_KEYS_FILE] : []),
      ],
      ...(connectedMongo === null
        ? {}
        : {
            sealedDataElsewhere: async () =>
              (await mongoHoldsSubjectKeys(connectedMongo)) ? ['the subject keys in MongoDB'] : [],
          }),
      log: { info: (message) => logger.info(message) },
    });

    const rawEventStore: EventStore =
      config.eventStoreUrl === undefined
        ? openSqliteEventStore({
            filename: embeddedProjectionStoreFiles(config.dataDir).events,
            synchronous: config.sqliteSynchronous,
            // The API and the worker serve requests and jobs while a commit waits for the disk (ADR 11).
            writerThread: true,
          })
        : openEsdbEventStore({ connectionString: config.eventStoreUrl });
    closers.push(() => rawEventStore.close());

    const keys: SubjectKeyStore =
      mongo === null
        ? openSqliteSubjectKeyStore({ masterKey, filename: join(config.dataDir, SUBJECT_KEYS_FILE) })
        : await openMongoSubjectKeyStore({ masterKey, connection: mongo });
    closers.push(() => keys.close());
    await assertMasterKeyOpensStoredKeys(
      keys,
      config.dataKey !== undefined ? 'DATA_KEY' : join(config.dataDir, MASTER_KEY_FILE),
    );

    const policy = definePersonalDataPolicy(PERSONAL_DATA_FIELDS);
    const eventStore = new UpcastingEventStore(new SealingEventStore(rawEventStore, keys, policy), UPCASTERS);

    const documents: DocumentStore =
      mongo === null
        ? openSqliteDocumentStore({
            filename: embeddedProjectionStoreFiles(config.dataDir).readModels,
            // Projections write while the same event loop serves requests and jobs (ADR 14).
            writerThread: true,
          })
        : await openMongoDocumentStore({ url: config.mongoUrl as string });
    closers.push(() => documents.close());

    const redis =
      config.redisUrl === undefined ? null : new IORedis(config.redisUrl, { maxRetriesPerRequest: null });
    if (redis !== null) closers.push(() => redis.quit());

    const lease = projectionLeaseFor(config, redis);
    if (lease instanceof SqliteProjectionLease) closers.push(() => lease.close());

    let runner: ProjectionRunner | null = null;
    if (options.project) {
      if (lease instanceof NoopProjectionLease)
        logger.warn(
          {},
          'projections run without a lease (EventStoreDB and MongoDB without REDIS_URL): run them in one process only',
        );
      runner = new ProjectionRunner({
        eventStore,
        documentStore: documents,
        projections: ALL_PROJECTIONS,
        lease,
        logger: {
          info: (fields, message) => logger.info(fields, message),
          warn: (fields, message) => logger.warn(fields, message),
          error: (fields, message) => logger.error(fields, message),
        },
      });
      runner.start();
      const started = runner;
      closers.push(() => started.stop());
      // Only runners holding this lease write the embedded file (`projectionLeaseFor`): while this one holds it,
      // the copies the store keeps of what it read and wrote are the file's.
      if (documents instanceof SqliteDocumentStore && lease instanceof SqliteProjectionLease)
        documents.serveCopiesUncheckedWhile(() => started.leaseTerm);
    }

    const jobs: JobQueue =
      config.redisUrl === undefined
        ? new InProcessJobQueue({
            onError: (error) => logger.error({ err: error.name }, 'scheduled job could not be enqueued'),
          })
        : new BullMqJobQueue({
            connection: { url: config.redisUrl },
            onError: (error) => logger.error({ err: error.name }, 'job queue error'),
          });
    // Opened after the runner so that it closes first: a job still running may wait for a projection (ending a
    // departed volunteer's matches waits for the `matches` read model), which must still be running.
    closers.push(() => jobs.close({ drain: true }));

    const activeRunner = runner;
    return {
      config,
      rawEventStore,
      eventStore,
      keys,
      documents,
      jobs,
      runner,
      projectionLease: lease,
      // While another process holds the lease, this runner's positions stand still: the store's checkpoints move.
      waitFor: (position, projections, timeoutMs) =>
        activeRunner?.holdsLease === true
          ? activeRunner.waitFor(position, projections, timeoutMs)
          : waitForProjections(documents, position, projections, timeoutMs),
      collection: async (logicalName) => {
        const served = activeRunner?.servingCollection(logicalName) ?? null;
        if (served !== null) return served;
        const active = await documents.getActiveCollection(logicalName);
        if (active !== null) return active.physicalName;
        const projection = ALL_PROJECTIONS.find((candidate) => candidate.name === logicalName);
        return `${logicalName}_v${projection?.version ?? 1}`;
      },
      projectionStatus: async () => {
        // As `waitFor`: a runner without the lease reports positions that stand still; the store's move.
        if (activeRunner?.holdsLease === true) {
          const status = await activeRunner.status();
          return status.projections.map((projection) => ({
            name: projection.name,
            position: projection.position.toString(),
            lag: projection.lag.toString(),
            failing: projection.failing !== null,
          }));
        }
        const head = await eventStore.headPosition();
        return Promise.all(
          ALL_PROJECTIONS.map(async (projection) => {
            const active = await documents.getActiveCollection(projection.name);
            const position =
              active === null ? 0n : ((await documents.getCheckpoint(active.physicalName)) ?? 0n);
            return {
              name: projection.name,
              position: position.toString(),
              lag: (head - position).toString(),
              failing: false,
            };
          }),
        );
      },
      close: () => closeAll(closers),
    };
  } catch (error) {
    await closeAll(closers);
    throw error;
  }
}

/**
 * The lease every projection runner on these stores takes, in whichever process. Where the events or the read
 * models are embedded SQLite files, every process on these stores shares DATA_DIR (the API, the worker and
 * `npm run projections -- rebuild`), so a file there holds it. With EventStoreDB and MongoDB only Redis is shared;
 * without it nothing could coordinate, and the runtime warns that one process alone must project.
 */
export function projectionLeaseFor(config: AppConfig, redis: IORedis | null): ProjectionLease {
  if (config.mongoUrl === undefined || config.eventStoreUrl === undefined)
    return new SqliteProjectionLease({ filename: join(config.dataDir, 'projections.lease') });
  if (redis !== null) return new RedisProjectionLease({ redis });
  return new NoopProjectionLease();
}

/** Closes in reverse order of opening: the runner before the stores it writes, the stores before their connections. */
async function closeAll(closers: (() => Promise<unknown>)[]): Promise<void> {
  for (const close of closers.reverse()) {
    await close().catch(() => undefined);
  }
}
