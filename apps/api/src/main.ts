import { createLogger, loadConfig } from '@app/platform';
import { startApi } from './bootstrap';

/** How long a stop may take before the process exits anyway: requests in flight, the batch being projected. */
const STOP_TIMEOUT_MS = 30_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const running = await startApi(config, logger);
  logger.info(
    { url: `${running.url}/graphql`, embedded: config.eventStoreUrl === undefined },
    'Průvodce API listening',
  );

  // The whole of it, not only Nest's: the runner and the stores close too, so that SQLite checkpoints and
  // removes its WAL, and the projections' lease is released at once for the next start.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second stop signal; exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: finishing requests in flight');
    const timeout = setTimeout(() => {
      logger.error({ timeoutMs: STOP_TIMEOUT_MS }, 'stop timed out; exiting');
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    timeout.unref();
    running.close().then(
      () => {
        logger.info({}, 'Průvodce API stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'stop failed');
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a second signal must reach the handler rather than kill the process unlogged.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  // Start-up errors are configuration or infrastructure problems; their messages carry no personal data.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
