import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { newId, type AppConfig, type Metrics, type TokenVerifier } from '@app/platform';
import { HealthController, READINESS_PROBES, type ReadinessProbe } from './health/health.controller';
import { MeResolver } from './me/me.resolver';
import { MetricsController } from './metrics/metrics.controller';
import { depthLimitRule, limitsAndMetricsPlugin } from './platform/graphql-limits';
import { AuthGuard } from './platform/auth/auth.guard';
import type { RequestContext } from './platform/auth/request-context';
import { formatGraphQLError } from './platform/graphql-errors';
import { APP_CONFIG, LOGGER, METRICS, TOKEN_VERIFIER } from './platform/tokens';

export interface AppModuleOptions {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly verifier: TokenVerifier;
  readonly metrics: Metrics;
  readonly readinessProbes: readonly ReadinessProbe[];
  /** Providers for the ports (event store, document store, job queue…), bound by the composition root. */
  readonly infrastructure: readonly Provider[];
}

const CORRELATION_HEADER = 'x-correlation-id';
const CORRELATION_ID = /^[A-Za-z0-9._-]{1,64}$/;

async function buildContext(verifier: TokenVerifier, req: Request): Promise<RequestContext> {
  const header = req.headers[CORRELATION_HEADER];
  const correlationId = typeof header === 'string' && CORRELATION_ID.test(header) ? header : newId();
  const authorization = req.headers.authorization;
  if (authorization === undefined) return { req, principal: null, correlationId };
  const [scheme, token] = authorization.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || token === undefined)
    return { req, principal: null, correlationId };
  // A bad token is treated as no token: the guard answers UNAUTHENTICATED without saying why.
  const principal = await verifier.verify(token).catch(() => null);
  return { req, principal, correlationId };
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config, verifier, metrics } = options;
    return {
      module: AppModule,
      global: true,
      imports: [
        TerminusModule,
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          // Kept in memory: `npm run schema` writes apps/api/schema.gql and a test fails when it is stale.
          autoSchemaFile: true,
          sortSchema: true,
          introspection: config.graphqlIntrospection,
          playground: false,
          validationRules: [depthLimitRule],
          plugins: [
            limitsAndMetricsPlugin(metrics),
            ...(config.graphqlIntrospection
              ? [ApolloServerPluginLandingPageLocalDefault({ embed: true })]
              : []),
          ],
          includeStacktraceInErrorResponses: false,
          formatError: formatGraphQLError,
          context: ({ req }: { req: Request }) => buildContext(verifier, req),
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: options.logger },
        { provide: TOKEN_VERIFIER, useValue: verifier },
        { provide: METRICS, useValue: metrics },
        { provide: READINESS_PROBES, useValue: options.readinessProbes },
        { provide: APP_GUARD, useClass: AuthGuard },
        ...options.infrastructure,
        MeResolver,
      ],
      exports: [APP_CONFIG, LOGGER, METRICS, ...options.infrastructure],
    };
  }
}
