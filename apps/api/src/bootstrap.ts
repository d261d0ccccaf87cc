import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  hs256Verifier,
  jwksVerifier,
  Metrics,
  PinoNestLogger,
  type AppConfig,
  type Clock,
  type Logger,
  type TokenVerifier,
} from '@app/platform';
import { createRuntime, type Runtime } from '../../worker/src/runtime/runtime';
import { startWorker, type RunningWorker } from '../../worker/src/worker';
import { AppModule } from './app.module';
import type { ReadinessProbe } from './health/health.controller';
import { resolveJwtSecret } from './platform/secrets';
import { inputValidationPipe } from './shared/validation';

export interface RunningApp {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly runtime: Runtime;
  close(): Promise<void>;
}

export interface StartApiOptions {
  readonly clock?: Clock;
}

function tokenVerifier(config: AppConfig, logger: Logger): TokenVerifier {
  if (config.jwtJwksUrl !== undefined) return jwksVerifier(config.jwtJwksUrl);
  const secret = resolveJwtSecret(config, logger);
  if (secret === undefined) throw new Error('JWT_SECRET or JWT_JWKS_URL must be set in production');
  return hs256Verifier(secret);
}

/** Largest request body accepted; larger ones are refused with 413 before anything runs. */
const MAX_BODY_BYTES = 100 * 1024;

/** Projection lag beyond which the API reports itself not ready (reads would be noticeably stale). */
const MAX_READY_LAG = 10_000n;

function readinessProbes(runtime: Runtime): ReadinessProbe[] {
  return [
    {
      name: 'eventStore',
      check: async () => ({ up: (await runtime.eventStore.headPosition()) >= 0n }),
    },
    {
      name: 'projections',
      check: async () => {
        const status = await runtime.projectionStatus();
        const failing = status.filter((projection) => projection.failing);
        const lagging = status.filter((projection) => BigInt(projection.lag) > MAX_READY_LAG);
        return { up: failing.length === 0 && lagging.length === 0, details: { projections: status } };
      },
    },
  ];
}

/** Builds and starts the API (and, on the embedded default, the worker in the same process). */
export async function startApi(
  config: AppConfig,
  logger: Logger,
  options: StartApiOptions = {},
): Promise<RunningApp> {
  const verifier = tokenVerifier(config, logger);
  const metrics = new Metrics();
  const runtime = await createRuntime(config, logger, { project: config.runWorkerInProcess });
  metrics.observeProjectionLag(() => runtime.projectionStatus());
  let worker: RunningWorker | null = null;
  try {
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot({
        config,
        logger,
        verifier,
        metrics,
        runtime,
        readinessProbes: readinessProbes(runtime),
        clock: options.clock,
      }),
      new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES }),
      { logger: new PinoNestLogger(logger), moduleIdGeneratorAlgorithm: 'reference' },
    );
    app.useGlobalPipes(inputValidationPipe);
    if (config.runWorkerInProcess)
      worker = await startWorker(runtime, logger, metrics, { clock: options.clock });
    await app.listen(config.port, config.host);
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const url = `http://${config.host}:${port}`;
    const runningWorker = worker;
    return {
      app,
      url,
      runtime,
      close: async () => {
        await app.close();
        await runningWorker?.stop();
        await runtime.close();
      },
    };
  } catch (error) {
    await worker?.stop();
    await runtime.close();
    throw error;
  }
}
