import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import {
  hs256Verifier,
  jwksVerifier,
  Metrics,
  PinoNestLogger,
  type AppConfig,
  type TokenVerifier,
} from '@app/platform';
import { AppModule } from './app.module';
import { resolveJwtSecret } from './platform/secrets';

export interface RunningApp {
  readonly app: NestExpressApplication;
  readonly url: string;
  close(): Promise<void>;
}

function tokenVerifier(config: AppConfig, logger: Logger): TokenVerifier {
  if (config.jwtJwksUrl !== undefined) return jwksVerifier(config.jwtJwksUrl);
  const secret = resolveJwtSecret(config, logger);
  if (secret === undefined) throw new Error('JWT_SECRET or JWT_JWKS_URL must be set in production');
  return hs256Verifier(secret);
}

/** Builds and starts the API; tests call it with a temporary DATA_DIR and port 0. */
export async function startApi(config: AppConfig, logger: Logger): Promise<RunningApp> {
  const verifier = tokenVerifier(config, logger);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({
      config,
      logger,
      verifier,
      metrics: new Metrics(),
      readinessProbes: [],
      infrastructure: [],
    }),
    { logger: new PinoNestLogger(logger), bodyParser: false },
  );
  app.useBodyParser('json', { limit: '100kb' });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  return { app, url, close: () => app.close() };
}
