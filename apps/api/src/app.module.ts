import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  systemClock,
  type AppConfig,
  type Clock,
  type Logger,
  type Metrics,
  type TokenVerifier,
} from '@app/platform';
import type { Runtime } from '../../worker/src/runtime/runtime';
import { AuditModule } from './audit/audit.module';
import { CertificatesModule } from './certificates/certificates.module';
import { ClientsModule } from './clients/clients.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthController, READINESS_PROBES, type ReadinessProbe } from './health/health.controller';
import { MatchingModule } from './matching/matching.module';
import { MeResolver } from './me/me.resolver';
import { MetricsController } from './metrics/metrics.controller';
import { AccessRecorder } from './platform/access/access-recorder';
import { AuthGuard } from './platform/auth/auth.guard';
import { checkBearer } from './platform/auth/bearer';
import { providerOutageWarning } from './platform/auth/provider-outage';
import { correlationIdOf, type RequestContext } from './platform/auth/request-context';
import { CommandFingerprintGuard } from './platform/commands/command-fingerprint.guard';
import { CommandGateway } from './platform/commands/command-gateway';
import { ErrorLoggingFilter } from './platform/error-logging.filter';
import { formatGraphQLError, formatGraphQLErrorWithoutSuggestions } from './platform/graphql-errors';
import { MutationThrottlerGuard } from './platform/mutation-throttler.guard';
import { SlidingWindowThrottlerStorage } from './platform/sliding-window-throttler.storage';
import { depthLimitRule, limitsAndMetricsPlugin } from './platform/graphql-limits';
import { READ_SIDE, type ReadSide } from './platform/read-side';
import {
  APP_CONFIG,
  CLOCK,
  EVENT_STORE,
  JOB_QUEUE,
  LOGGER,
  METRICS,
  RUNTIME,
  TOKEN_VERIFIER,
} from './platform/tokens';
import { VolunteersModule } from './volunteers/volunteers.module';

export interface AppModuleOptions {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly verifier: TokenVerifier;
  readonly metrics: Metrics;
  readonly runtime: Runtime;
  readonly readinessProbes: readonly ReadinessProbe[];
  readonly clock?: Clock;
}

async function buildContext(
  verifier: TokenVerifier,
  onProviderUnavailable: () => void,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<RequestContext> {
  const correlationId = correlationIdOf(req);
  // A bad token is treated as no token: the guard answers UNAUTHENTICATED without saying why.
  const { principal, identityProviderUnavailable } = await checkBearer(verifier, req.headers.authorization);
  if (!identityProviderUnavailable) return { req, reply, principal, correlationId };
  onProviderUnavailable();
  return { req, reply, principal, correlationId, identityProviderUnavailable };
}

/** Ports and shared services every context module uses; global so context modules only declare their own. */
@Module({})
class PlatformModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { runtime } = options;
    const readSide: ReadSide = {
      documents: runtime.documents,
      waitFor: (position, projections, timeoutMs) => runtime.waitFor(position, projections, timeoutMs),
      collection: (logicalName) => runtime.collection(logicalName),
    };
    const providers = [
      { provide: APP_CONFIG, useValue: options.config },
      { provide: LOGGER, useValue: options.logger },
      { provide: TOKEN_VERIFIER, useValue: options.verifier },
      { provide: METRICS, useValue: options.metrics },
      { provide: CLOCK, useValue: options.clock ?? systemClock },
      { provide: RUNTIME, useValue: runtime },
      { provide: EVENT_STORE, useValue: runtime.eventStore },
      { provide: JOB_QUEUE, useValue: runtime.jobs },
      { provide: READ_SIDE, useValue: readSide },
      CommandGateway,
      AccessRecorder,
    ];
    return {
      module: PlatformModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers,
      exports: [
        ...providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
        CqrsModule,
      ],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config, verifier, metrics } = options;
    const providerOutage = providerOutageWarning(options.logger);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(options),
        // Terminus would log every failed readiness probe at level error with the whole result; the controller
        // logs changes of readiness instead (ReadinessLog).
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: config.mutationRateLimitPerMinute }],
          storage: new SlidingWindowThrottlerStorage(),
        }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          // Kept in memory: `npm run schema` writes apps/api/schema.gql and a test fails when it is stale.
          autoSchemaFile: true,
          sortSchema: true,
          introspection: config.graphqlIntrospection,
          // graphql-js's "Did you mean …?" after a misspelt field names the schema's fields one guess at a time,
          // before any sign-in: with introspection off, they go too.
          hideSchemaDetailsFromClientErrors: !config.graphqlIntrospection,
          playground: false,
          validationRules: [depthLimitRule],
          plugins: [
            // Answers are never cacheable (every one sets `no-store`): without cache hints to collect, no field
            // resolution is wrapped to collect them.
            ApolloServerPluginCacheControlDisabled(),
            limitsAndMetricsPlugin(metrics, options.logger),
            ...(config.graphqlIntrospection
              ? [ApolloServerPluginLandingPageLocalDefault({ embed: true })]
              : []),
          ],
          includeStacktraceInErrorResponses: false,
          formatError: config.graphqlIntrospection
            ? formatGraphQLError
            : formatGraphQLErrorWithoutSuggestions,
          context: (req: FastifyRequest, reply: FastifyReply) =>
            buildContext(verifier, providerOutage, req, reply),
        }),
        ClientsModule,
        VolunteersModule,
        MatchingModule,
        AuditModule,
        CertificatesModule,
        DashboardModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: READINESS_PROBES, useValue: options.readinessProbes },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: MutationThrottlerGuard },
        { provide: APP_GUARD, useClass: CommandFingerprintGuard },
        { provide: APP_FILTER, useClass: ErrorLoggingFilter },
        MeResolver,
      ],
    };
  }
}
