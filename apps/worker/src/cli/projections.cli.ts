import IORedis from 'ioredis';
import {
  ALL_PROJECTIONS,
  NoopProjectionLease,
  RedisProjectionLease,
  runProjectionsCli,
} from '@app/read-models';
import { createLogger, loadConfig } from '@app/platform';
import { createRuntime } from '../runtime/runtime';

/**
 * `npm run projections -- status` and `npm run projections -- rebuild <name>` against the configured stores.
 * In production the rebuild takes the same lease as the worker's runner, so the two never project together.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, process.stderr);
  const runtime = await createRuntime(config, logger, { project: false });
  const redis =
    config.redisUrl !== undefined && config.eventStoreUrl !== undefined ? new IORedis(config.redisUrl) : null;
  try {
    return await runProjectionsCli(process.argv.slice(2), {
      eventStore: runtime.eventStore,
      documentStore: runtime.documents,
      projections: ALL_PROJECTIONS,
      lease: redis === null ? new NoopProjectionLease() : new RedisProjectionLease({ redis }),
      logger: {
        info: (fields, message) => logger.info(fields, message),
        warn: (fields, message) => logger.warn(fields, message),
        error: (fields, message) => logger.error(fields, message),
      },
      write: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    await redis?.quit();
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
