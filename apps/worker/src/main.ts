import { createServer } from 'node:http';
import { createLogger, loadConfig, Metrics } from '@app/platform';
import { createRuntime } from './runtime/runtime';
import { startWorker } from './worker';

/** The production worker: projections (under a lease), reactors and job processors, with health and metrics. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const metrics = new Metrics();
  const runtime = await createRuntime(config, logger, { project: true });
  metrics.observeProjectionLag(() => runtime.projectionStatus());
  const worker = await startWorker(runtime, logger, metrics);

  const server = createServer((req, res) => {
    void (async () => {
      if (req.url === '/health/live') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
      } else if (req.url === '/health/ready') {
        const projections = await runtime.projectionStatus();
        const up = projections.every((projection) => !projection.failing);
        res
          .writeHead(up ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: up ? 'ok' : 'error', projections }));
      } else if (req.url === '/metrics') {
        res
          .writeHead(200, { 'content-type': metrics.registry.contentType })
          .end(await metrics.registry.metrics());
      } else {
        res.writeHead(404).end();
      }
    })().catch(() => res.writeHead(500).end());
  });
  server.listen(config.port, config.host);
  logger.info({ port: config.port }, 'Průvodce worker running');

  const shutdown = (): void => {
    server.close();
    void worker
      .stop()
      .then(() => runtime.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
