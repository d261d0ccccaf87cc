import { existsSync } from 'node:fs';
import {
  ALL_PROJECTIONS,
  PROJECTIONS_CLI_USAGE,
  embeddedProjectionStoreFiles,
  parseProjectionsArgs,
  runProjectionsCli,
} from '@app/read-models';
import { ConfigError, createLogger, loadConfig, type AppConfig } from '@app/platform';
import { createRuntime } from '../runtime/runtime';

/**
 * `npm run projections -- status` and `npm run projections -- rebuild <name>` against the configured stores.
 * The rebuild takes the same lease as every runner on these stores (`projectionLeaseFor`): it refuses to run
 * beside the worker's runner, or on the embedded default beside the API's.
 */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const parsed = parseProjectionsArgs(
    argv,
    ALL_PROJECTIONS.map((projection) => projection.name),
  );
  if (parsed.kind === 'help') {
    process.stdout.write(`${PROJECTIONS_CLI_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'usage') {
    process.stderr.write(`${PROJECTIONS_CLI_USAGE}\n`);
    return 2;
  }
  if (parsed.kind === 'unknownProjection') {
    process.stderr.write(
      `no projection of that name; known: ${parsed.known.join(', ')}\n${PROJECTIONS_CLI_USAGE}\n`,
    );
    return 2;
  }
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 2;
  }
  // Opening the stores would create them: a mistyped DATA_DIR would then report an empty, healthy set.
  if (
    config.eventStoreUrl === undefined &&
    !existsSync(embeddedProjectionStoreFiles(config.dataDir).events)
  ) {
    console.error(`no event store in ${config.dataDir}: point DATA_DIR at the service's data directory`);
    return 2;
  }
  const logger = createLogger(config.logLevel, process.stderr);
  const runtime = await createRuntime(config, logger, { project: false });
  try {
    return await runProjectionsCli(argv, {
      eventStore: runtime.eventStore,
      documentStore: runtime.documents,
      projections: ALL_PROJECTIONS,
      lease: runtime.projectionLease,
      logger: {
        info: (fields, message) => logger.info(fields, message),
        warn: (fields, message) => logger.warn(fields, message),
        error: (fields, message) => logger.error(fields, message),
      },
      write: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    await runtime.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
