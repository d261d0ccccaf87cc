import type { EventStore } from '@app/event-store';
import type { DocumentStore } from '../document-store.port';
import { join } from 'node:path';
import { ProjectionTimeoutError, UnknownProjectionError } from '../errors';
import type { Projection } from '../projection';
import { NoopProjectionLease, type HeldLease, type ProjectionLease } from '../projection-lease';
import { ProjectionRunner, type ProjectionLogger } from '../projection-runner';

export interface ProjectionsCliDeps {
  readonly eventStore: Pick<EventStore, 'subscribeToAll' | 'headPosition'>;
  readonly documentStore: DocumentStore;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each projection has its own document type
  readonly projections: readonly Projection<any>[];
  /** The lease every runner on these stores takes, so that a rebuild never runs beside another; default none. */
  readonly lease?: ProjectionLease;
  /**
   * How long `rebuild` waits for the lease before it gives up; default 20 s, longer than a lease outlives a dead
   * holder, so a crashed runner does not stop a rebuild.
   */
  readonly leaseWaitMs?: number;
  readonly logger?: ProjectionLogger;
  readonly write?: (line: string) => void;
  /** How long `rebuild` may take; default one hour. */
  readonly rebuildTimeoutMs?: number;
}

export interface ProjectionStatusLine {
  readonly name: string;
  readonly version: number;
  readonly activeCollection: string | null;
  readonly activeVersion: number | null;
  readonly position: string;
  readonly headPosition: string;
  readonly lag: string;
  readonly needsRebuild: boolean;
}

export const PROJECTIONS_CLI_USAGE =
  'usage: npm run projections -- status | npm run projections -- rebuild <name>\n' +
  'Exits 1 when the lease is held by a running process or the rebuild fails, 2 on bad usage.';
const USAGE = PROJECTIONS_CLI_USAGE;

/**
 * What the arguments ask for, read before any store is opened: help, bad usage and unknown projection names are
 * answered without touching DATA_DIR, MongoDB or Redis.
 */
export type ProjectionsArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'status' }
  | { readonly kind: 'rebuild'; readonly name: string }
  | { readonly kind: 'usage' }
  | { readonly kind: 'unknownProjection'; readonly name: string; readonly known: readonly string[] };

export function parseProjectionsArgs(
  argv: readonly string[],
  projectionNames: readonly string[],
): ProjectionsArgs {
  const [command, name, ...rest] = argv;
  if (argv.length === 1 && (command === '--help' || command === '-h' || command === 'help'))
    return { kind: 'help' };
  if (command === 'status' && name === undefined) return { kind: 'status' };
  if (command !== 'rebuild' || name === undefined || rest.length > 0) return { kind: 'usage' };
  if (!projectionNames.includes(name)) return { kind: 'unknownProjection', name, known: projectionNames };
  return { kind: 'rebuild', name };
}

/** Reads each projection's state straight from the stores: works whether or not a runner is running. */
export async function readProjectionStatus(deps: ProjectionsCliDeps): Promise<ProjectionStatusLine[]> {
  const head = await deps.eventStore.headPosition();
  const lines: ProjectionStatusLine[] = [];
  for (const projection of deps.projections) {
    const active = await deps.documentStore.getActiveCollection(projection.name);
    const position =
      active === null ? 0n : ((await deps.documentStore.getCheckpoint(active.physicalName)) ?? 0n);
    lines.push({
      name: projection.name,
      version: projection.version,
      activeCollection: active?.physicalName ?? null,
      activeVersion: active?.version ?? null,
      position: position.toString(),
      headPosition: head.toString(),
      lag: (head > position ? head - position : 0n).toString(),
      needsRebuild: active === null || active.version !== projection.version,
    });
  }
  return lines;
}

/**
 * `status`: one JSON line per projection. `rebuild <name>`: builds the projection from the start of the log into
 * a side collection while the current one keeps serving, switches, drops the old one. Returns the exit code.
 */
export async function runProjectionsCli(argv: readonly string[], deps: ProjectionsCliDeps): Promise<number> {
  const write = deps.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const [command, name, ...rest] = argv;
  if (command === 'status' && name === undefined) {
    for (const line of await readProjectionStatus(deps)) write(JSON.stringify(line));
    return 0;
  }
  if (command !== 'rebuild' || name === undefined || rest.length > 0) {
    write(USAGE);
    return 2;
  }
  const projection = deps.projections.find((candidate) => candidate.name === name);
  if (projection === undefined) {
    write(
      JSON.stringify({
        error: new UnknownProjectionError(name).code,
        projection: name,
        known: deps.projections.map((p) => p.name),
      }),
    );
    return 1;
  }
  const lease = deps.lease ?? new NoopProjectionLease();
  const leaseWaitMs = deps.leaseWaitMs ?? 20_000;
  deps.logger?.info({ leaseWaitMs }, 'taking the projections lease');
  const held = await lease.acquire(AbortSignal.timeout(leaseWaitMs));
  if (held === null) {
    // Waiting out a live runner would only end when an operator stopped it; saying so ends it sooner.
    write(
      JSON.stringify({
        error: 'PROJECTION.LEASE_HELD',
        projection: projection.name,
        hint: 'another process is running the projections on these stores (the API or the worker): stop it, rebuild, then start it again',
      }),
    );
    return 1;
  }
  const runner = new ProjectionRunner({
    eventStore: deps.eventStore,
    documentStore: deps.documentStore,
    projections: [projection],
    forceRebuild: [projection.name],
    lease: alreadyHeld(lease, held),
    ...(deps.logger === undefined ? {} : { logger: deps.logger }),
  });
  const head = await deps.eventStore.headPosition();
  const previous = (await deps.documentStore.getActiveCollection(projection.name))?.physicalName ?? null;
  const startedAt = Date.now();
  runner.start();
  try {
    // Not `waitFor`: the collection being replaced may already be at the head; what matters is the switch.
    const deadline = startedAt + (deps.rebuildTimeoutMs ?? 3_600_000);
    for (;;) {
      const status = (await runner.status()).projections[0];
      if (
        status !== undefined &&
        !status.rebuilding &&
        status.collection !== previous &&
        status.position >= head
      )
        break;
      if (Date.now() > deadline)
        throw new ProjectionTimeoutError(head, [projection.name], deps.rebuildTimeoutMs ?? 3_600_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const collection = await runner.resolveCollection(projection.name);
    write(
      JSON.stringify({
        rebuilt: projection.name,
        collection,
        position: head.toString(),
        ms: Date.now() - startedAt,
      }),
    );
    return 0;
  } catch (error) {
    const status = (await runner.status()).projections[0];
    write(
      JSON.stringify(
        {
          error: (error as { code?: string }).code ?? 'PROJECTION.REBUILD_FAILED',
          projection: projection.name,
          failing: status?.failing ?? null,
        },
        (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value),
      ),
    );
    return 1;
  } finally {
    await runner.stop();
  }
}

/** `lease`, taken already: the runner's first `acquire` gets it as it is, later ones ask `lease` again. */
function alreadyHeld(lease: ProjectionLease, held: HeldLease): ProjectionLease {
  let taken: HeldLease | null = held;
  return {
    acquire: (signal) => {
      const first = taken;
      taken = null;
      return first === null ? lease.acquire(signal) : Promise.resolve(first);
    },
    release: () => lease.release(),
  };
}

/** Where the embedded default keeps its stores under `DATA_DIR`. */
export const embeddedProjectionStoreFiles = (
  dataDir: string,
): { readonly events: string; readonly readModels: string } => ({
  events: join(dataDir, 'events.sqlite'),
  readModels: join(dataDir, 'read-models.sqlite'),
});
