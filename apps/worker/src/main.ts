import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, loadConfig, Metrics, stopOnSignals } from '@app/platform';
import { createRuntime, type ProjectionHealth, type Runtime } from './runtime/runtime';
import { startWorker } from './worker';

const LISTEN_FAILURES: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the port is already in use',
  EACCES: 'permission denied (a port below 1024 needs privileges)',
  EADDRNOTAVAIL: 'the address is not one of this host',
};

/** Why the server could not listen, in one line that names the address: no stack, nothing from a request. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly code: string,
  ) {
    super(`cannot listen on ${host}:${port}: ${LISTEN_FAILURES[code] ?? code}`);
  }
}

/** Resolves with the bound port once listening; failing to bind rejects, not an unhandled 'error' event. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      server.off('listening', listening);
      reject(new ListenError(host, port, error.code ?? 'error'));
    };
    const listening = (): void => {
      server.off('error', failed);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', failed);
    server.once('listening', listening);
    server.listen(port, host);
  });
}

const JSON_CONTENT = { 'content-type': 'application/json' };

/** How long a stop may take before the process exits anyway: jobs running, the batch being projected. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * The worker's own HTTP surface: liveness, readiness (no projection failing) and metrics. A readiness check
 * that cannot read the projections' status (a store down) answers 503 like a failing projection: not ready.
 */
export function workerHttpHandler(
  runtime: Pick<Runtime, 'projectionStatus'>,
  metrics: Metrics,
): (req: IncomingMessage, res: ServerResponse) => void {
  const ready = async (res: ServerResponse): Promise<void> => {
    let projections: ProjectionHealth[];
    try {
      projections = await runtime.projectionStatus();
    } catch {
      res.writeHead(503, JSON_CONTENT).end(JSON.stringify({ status: 'error', projections: null }));
      return;
    }
    const up = projections.every((projection) => !projection.failing);
    res
      .writeHead(up ? 200 : 503, JSON_CONTENT)
      .end(JSON.stringify({ status: up ? 'ok' : 'error', projections }));
  };
  return (req, res) => {
    // Every answer is JSON or plain text (metrics): a browser must not take one for a script or a page.
    res.setHeader('x-content-type-options', 'nosniff');
    void (async () => {
      if (req.url === '/health/live') {
        res.writeHead(200, JSON_CONTENT).end(JSON.stringify({ status: 'ok' }));
      } else if (req.url === '/health/ready') {
        await ready(res);
      } else if (req.url === '/metrics') {
        res
          .writeHead(200, { 'content-type': metrics.registry.contentType })
          .end(await metrics.registry.metrics());
      } else {
        res.writeHead(404).end();
      }
    })().catch(() => res.writeHead(500).end());
  };
}

/** The production worker: projections (under a lease), reactors and job processors, with health and metrics. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const metrics = new Metrics();
  const runtime = await createRuntime(config, logger, { project: true });
  metrics.observeProjectionLag(() => runtime.projectionStatus());
  let worker: Awaited<ReturnType<typeof startWorker>>;
  try {
    worker = await startWorker(runtime, logger, metrics);
  } catch (error) {
    // The runtime already runs the projections and holds the stores: closed before the process exits.
    await runtime.close().catch(() => undefined);
    throw error;
  }

  const server = createServer(workerHttpHandler(runtime, metrics));

  // The stores close even when stopping the jobs failed: their WAL and the projections' lease are released.
  const stop = async (): Promise<void> => {
    try {
      await worker.stop();
    } finally {
      await runtime.close();
    }
  };
  let port: number;
  try {
    port = await listen(server, config.port, config.host);
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    logger.error({ host: error.host, port: error.port, code: error.code }, error.message);
    await stop().finally(() => process.exit(1));
    return;
  }
  logger.info({ port }, 'Průvodce worker running');

  stopOnSignals({
    service: 'Průvodce worker',
    logger,
    close: async () => {
      server.close();
      await stop();
    },
    timeoutMs: STOP_TIMEOUT_MS,
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
