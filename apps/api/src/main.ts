import { createLogger, loadConfig } from '@app/platform';
import { startApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const running = await startApi(config, logger);
  logger.info(
    { url: `${running.url}/graphql`, embedded: config.eventStoreUrl === undefined },
    'Průvodce API listening',
  );
}

main().catch((error: unknown) => {
  // Start-up errors are configuration or infrastructure problems; their messages carry no personal data.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
