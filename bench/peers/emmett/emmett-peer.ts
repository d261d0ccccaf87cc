import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

/**
 * Emmett is a peer TypeScript event store measured by `npm run bench -- event-store`. It is installed into
 * this folder on demand, never into the root `node_modules`, so `npm ci` stays lean. The types below are
 * transcribed from the installed `@event-driven-io/emmett-sqlite` 0.38.5 and `@event-driven-io/emmett`
 * 0.38.5 declarations (`dist/index.d.cts`), narrowed to what the benchmark calls, so that the benchmark
 * type-checks whether or not the peer is installed.
 */
export const EMMETT_PEER_DIR = __dirname;

/** Emmett stream versions count events: 0n is "no events yet", 1n after the first append. */
export type EmmettStreamVersion = bigint;
export type EmmettExpectedStreamVersion = EmmettStreamVersion | 'STREAM_DOES_NOT_EXIST';

export interface EmmettEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata?: Record<string, unknown>;
}

export interface EmmettAppendOptions {
  readonly expectedStreamVersion?: EmmettExpectedStreamVersion;
}

export interface EmmettSqliteConnection {
  close(): void;
  command(sql: string, values?: unknown[]): Promise<unknown>;
  querySingle<T>(sql: string, values?: unknown[]): Promise<T | null>;
}

export interface EmmettSqliteEventStore {
  appendToStream(
    streamName: string,
    events: EmmettEvent[],
    options?: EmmettAppendOptions,
  ): Promise<{
    nextExpectedStreamVersion: bigint;
    lastEventGlobalPosition: bigint;
    createdNewStream: boolean;
  }>;
}

export type EmmettAppendEventResult =
  { success: true; nextStreamPosition: bigint; lastGlobalPosition: bigint } | { success: false };

export interface EmmettSqliteModule {
  getSQLiteEventStore(options: { fileName: string }): EmmettSqliteEventStore;
  sqliteConnection(options: { fileName: string }): EmmettSqliteConnection;
  createEventStoreSchema(connection: EmmettSqliteConnection): Promise<void>;
  appendToStream(
    connection: EmmettSqliteConnection,
    streamName: string,
    streamType: string,
    messages: EmmettEvent[],
    options?: EmmettAppendOptions,
  ): Promise<EmmettAppendEventResult>;
}

export type EmmettLoadResult =
  | {
      readonly available: true;
      readonly emmett: EmmettSqliteModule;
      readonly versions: Record<string, string>;
    }
  | { readonly available: false; readonly reason: string };

const PACKAGES = ['@event-driven-io/emmett', '@event-driven-io/emmett-sqlite', 'sqlite3'] as const;
/** sqlite3 has no prebuilt binary for every platform; compiling it from source takes a couple of minutes. */
const INSTALL_TIMEOUT_MS = 15 * 60 * 1000;

const peerRequire = createRequire(join(EMMETT_PEER_DIR, 'package.json'));

/** Read from disk: the emmett packages do not export their `package.json`. */
function installedVersions(): Record<string, string> {
  return Object.fromEntries(
    PACKAGES.map((name) => {
      const manifest = readFileSync(join(EMMETT_PEER_DIR, 'node_modules', name, 'package.json'), 'utf8');
      return [name, (JSON.parse(manifest) as { version: string }).version];
    }),
  );
}

function install(log: (line: string) => void): string | null {
  log(
    `installing the emmett peer into ${relative(process.cwd(), EMMETT_PEER_DIR)} (sqlite3 may compile for ~2 minutes)`,
  );
  const result = spawnSync('npm', ['install', '--prefix', EMMETT_PEER_DIR, '--no-audit', '--no-fund'], {
    cwd: EMMETT_PEER_DIR,
    // The install log goes to stderr so that stdout stays the benchmark's own output.
    stdio: ['ignore', process.stderr, process.stderr],
    timeout: INSTALL_TIMEOUT_MS,
  });
  if (result.error !== undefined) return `npm install failed: ${result.error.message}`;
  if (result.status !== 0)
    return `npm install exited with ${result.status ?? result.signal ?? 'unknown status'}`;
  return null;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Installs the peer when its node_modules is missing, then loads it; never throws. */
export function loadEmmettPeer(log: (line: string) => void): EmmettLoadResult {
  if (!existsSync(join(EMMETT_PEER_DIR, 'node_modules'))) {
    const failure = install(log);
    if (failure !== null) return { available: false, reason: failure };
  }
  try {
    const emmett = peerRequire('@event-driven-io/emmett-sqlite') as EmmettSqliteModule;
    // Loading the native binding up front turns a broken sqlite3 build into a reason, not a crash mid-run.
    peerRequire('sqlite3');
    return { available: true, emmett, versions: installedVersions() };
  } catch (error) {
    return { available: false, reason: `cannot load the emmett peer: ${messageOf(error)}` };
  }
}
