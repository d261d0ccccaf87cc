import { existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { openEsdbEventStore, openSqliteEventStore, UpcastingEventStore } from '@app/event-store';
import { ConfigError, errorCodeOf, loadConfig, type AppConfig } from '@app/platform';
import { embeddedProjectionStoreFiles } from '@app/read-models';

import {
  AUDIT_CLI_USAGE,
  AuditUsageError,
  answeringUsageErrors,
  parseAuditArgs,
  runAuditCommand,
  type CliAuditStores,
} from '../../../api/src/audit/cli/run-audit-cli';
import { UPCASTERS } from '../runtime/runtime';

export interface OpenedAuditStores {
  readonly stores: CliAuditStores;
  close(): Promise<void>;
}

export interface AuditMainDeps {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly openStores: (config: AppConfig) => Promise<OpenedAuditStores>;
}

/**
 * `npm run audit -- consents [--from …] [--to …] [--client …] [--region …] [--format json|csv|pdf] [--out FILE]` and
 * `npm run audit -- verify [--stream …]`, straight from the configured event store (never the read models).
 * Arguments, configuration and the embedded store's presence are checked before anything is opened: opening
 * the embedded default would create an empty store, and an audit of nothing passes.
 */
export async function auditMain(deps: AuditMainDeps): Promise<number> {
  const { stdout, stderr } = deps;
  return answeringUsageErrors({ stderr }, async () => {
    const command = parseAuditArgs(deps.argv);
    if (command.name === 'help') {
      stdout.write(`${AUDIT_CLI_USAGE}\n`);
      return 0;
    }
    let config: AppConfig;
    try {
      config = loadConfig(deps.env);
    } catch (error) {
      return couldNotRun(error, stderr);
    }
    if (
      config.eventStoreUrl === undefined &&
      !existsSync(embeddedProjectionStoreFiles(config.dataDir).events)
    ) {
      stderr.write(
        `no event store in DATA_DIR ${config.dataDir}: point DATA_DIR at the directory the service writes to, or set EVENTSTORE_URL\n`,
      );
      return 2;
    }
    let opened: OpenedAuditStores;
    try {
      opened = await deps.openStores(config);
    } catch (error) {
      return couldNotRun(error, stderr);
    }
    try {
      return await runAuditCommand(command, opened.stores, { stdout, stderr });
    } catch (error) {
      if (error instanceof AuditUsageError) throw error;
      return couldNotRun(error, stderr);
    } finally {
      await opened.close().catch(() => undefined);
    }
  });
}

/** Errors whose message is written for the operator and names no person: the master key, a store's address. */
const OPERATOR_ERRORS = new Set([
  'MasterKeyMissingError',
  'MasterKeyMismatchError',
  'InvalidMasterKeyError',
  'DocumentStoreConnectionError',
]);

/**
 * The audit could not run (a store unreachable, a wrong key): exit 3, never 1, which says the audit ran and
 * found a violation or a broken chain. Other errors' messages may quote stored text, so only their class and
 * code are given. A setting refused is bad usage: exit 2, with its message.
 */
function couldNotRun(error: unknown, stderr: Writable): number {
  if (error instanceof ConfigError) {
    stderr.write(`${error.message}\n`);
    return 2;
  }
  const name = error instanceof Error ? error.name : 'error';
  const code = errorCodeOf(error);
  const detail =
    error instanceof Error && OPERATOR_ERRORS.has(error.name)
      ? error.message
      : `${name}${code === null ? '' : ` ${code}`}`;
  stderr.write(`audit could not run (nothing it wrote is complete): ${detail}\n`);
  return 3;
}

/**
 * The event store alone, as stored: the audits read no personal data, so neither the master key nor MongoDB,
 * Redis or the read models are opened, and an audit runs while any of them is down.
 */
async function openEventStoreOnly(config: AppConfig): Promise<OpenedAuditStores> {
  const raw =
    config.eventStoreUrl === undefined
      ? openSqliteEventStore({
          filename: embeddedProjectionStoreFiles(config.dataDir).events,
          synchronous: config.sqliteSynchronous,
        })
      : openEsdbEventStore({ connectionString: config.eventStoreUrl });
  return {
    stores: { raw, sealed: new UpcastingEventStore(raw, UPCASTERS) },
    close: () => raw.close(),
  };
}

if (require.main === module) {
  auditMain({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    openStores: openEventStoreOnly,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = couldNotRun(error, process.stderr);
    },
  );
}
