import { createLogger, loadConfig, stopOnSignals } from '@app/platform';
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
  stopOnSignals({
    service: 'Průvodce API',
    logger,
    close: () => running.close(),
    timeoutMs: STOP_TIMEOUT_MS,
  });
}

main().catch((error: unknown) => {
  // Start-up errors are configuration or infrastructure problems; their messages carry no personal data.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
