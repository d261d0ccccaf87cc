import { createLogger, loadConfig } from '@app/platform';
import { auditStoresOf } from '../../../api/src/audit/audit-stores';
import { runAuditCli } from '../../../api/src/audit/cli/run-audit-cli';
import { createRuntime } from '../runtime/runtime';

/**
 * `npm run audit -- consents --from … --to … [--client …] [--format json|csv|pdf] [--out FILE]` and
 * `npm run audit -- verify [--stream …]`, straight from the configured event store (never the read models).
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, process.stderr);
  const runtime = await createRuntime(config, logger, { project: false });
  try {
    return await runAuditCli(process.argv.slice(2), auditStoresOf(runtime), {
      stdout: process.stdout,
      stderr: process.stderr,
    });
  } finally {
    await runtime.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`audit failed: ${error instanceof Error ? error.name : 'error'}`);
    process.exitCode = 1;
  },
);
