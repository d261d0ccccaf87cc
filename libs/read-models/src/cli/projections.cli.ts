import type { EventStore } from '@app/event-store';
import type { DocumentStore } from '../document-store.port';
import { join } from 'node:path';
import { ProjectionTimeoutError, UnknownProjectionError } from '../errors';
import type { Projection } from '../projection';
import type { ProjectionLease } from '../projection-lease';
import { ProjectionRunner, type ProjectionLogger } from '../projection-runner';

export interface ProjectionsCliDeps {
  readonly eventStore: Pick<EventStore, 'subscribeToAll' | 'headPosition'>;
  readonly documentStore: DocumentStore;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each projection has its own document type
  readonly projections: readonly Projection<any>[];
  /** The production lease, so that a rebuild never runs beside the worker's runner; default none (embedded). */
  readonly lease?: ProjectionLease;
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

const USAGE = 'usage: projections status | projections rebuild <name>';

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
  const runner = new ProjectionRunner({
    eventStore: deps.eventStore,
    documentStore: deps.documentStore,
    projections: [projection],
    forceRebuild: [projection.name],
    ...(deps.lease === undefined ? {} : { lease: deps.lease }),
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

/** Where the embedded default keeps its stores under `DATA_DIR`. */
export const embeddedProjectionStoreFiles = (
  dataDir: string,
): { readonly events: string; readonly readModels: string } => ({
  events: join(dataDir, 'events.sqlite'),
  readModels: join(dataDir, 'read-models.sqlite'),
});
