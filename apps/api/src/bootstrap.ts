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
import { certificatePolicyFrom } from '../../worker/src/certificates/certificate-settings';
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
  if (config.jwtJwksUrl !== undefined) return jwksVerifier(config.jwtJwksUrl, config.jwtIssuer);
  const secret = resolveJwtSecret(config, logger);
  if (secret === undefined) throw new Error('JWT_SECRET or JWT_JWKS_URL must be set in production');
  return hs256Verifier(secret);
}

/** Largest request body accepted; larger ones are refused with 413 before anything runs. */
const MAX_BODY_BYTES = 100 * 1024;

/** A body Fastify refuses before GraphQL sees it, as the client reads it. */
interface BodyRefusal {
  readonly status: number;
  readonly code: 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE';
  readonly message: string;
}

/**
 * Fastify's refusals of a request body (`FST_ERR_CTP_*`: not JSON, empty, too large, not `application/json`).
 * Their status stays; the code is Apollo's BAD_REQUEST for a body that cannot be read, and PAYLOAD_TOO_LARGE for
 * one over the limit, so that a client can tell "fix the request" from "send less". The message is ours: the
 * parser's own may quote the body.
 */
function bodyRefusalOf(error: unknown): BodyRefusal | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_ERR_CTP_')) return undefined;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode > 499) return undefined;
  if (statusCode === 413) {
    return {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: `The request body is larger than ${MAX_BODY_BYTES} bytes`,
    };
  }
  if (statusCode === 415) {
    return {
      status: 415,
      code: 'BAD_REQUEST',
      message: 'The request body must be JSON, sent as application/json',
    };
  }
  return { status: statusCode, code: 'BAD_REQUEST', message: 'The request body is not valid JSON' };
}

/**
 * Answers Fastify's refusals of a body as GraphQL errors (`{"errors":[{message, extensions: {code}}]}`), which
 * clients of /graphql read for every other refusal; Nest's handler, which this wraps, would answer them in its
 * own shape (`{statusCode, message}`) without a code. Everything else still goes to Nest's handler.
 */
class GraphQLBodyErrorsAdapter extends FastifyAdapter {
  override setErrorHandler(handler: Parameters<FastifyAdapter['setErrorHandler']>[0]) {
    return super.setErrorHandler(function (this: unknown, error, request, reply) {
      const refusal = bodyRefusalOf(error);
      if (refusal === undefined) return handler.call(this as never, error, request, reply) as unknown;
      return reply
        .code(refusal.status)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
    });
  }
}

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
  // Before the JWT secret is generated into DATA_DIR: a setting refused later would leave it behind.
  certificatePolicyFrom(config.certificates);
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
      new GraphQLBodyErrorsAdapter({ bodyLimit: MAX_BODY_BYTES }),
      { logger: new PinoNestLogger(logger), moduleIdGeneratorAlgorithm: 'reference' },
    );
    app.useGlobalPipes(inputValidationPipe);
    // Every answer is JSON or plain text (metrics): a browser must not take one for a script or a page.
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', (_request, reply, done) => {
        void reply.header('x-content-type-options', 'nosniff');
        done();
      });
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
