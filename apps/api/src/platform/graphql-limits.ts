import type { ApolloServerPlugin } from '@apollo/server';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError, type ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { Logger, Metrics } from '@app/platform';
import type { RequestContext } from './auth/request-context';

export const MAX_QUERY_DEPTH = 10;
export const MAX_QUERY_COMPLEXITY = 2000;

export const depthLimitRule = depthLimit(MAX_QUERY_DEPTH) as ValidationRule;

/**
 * Refuses operations whose estimated cost is too high before they run (every field costs 1; connections
 * multiply through `first`), records latency per operation type, and logs each request by correlation id.
 */
export function limitsAndMetricsPlugin(
  metrics: Metrics,
  logger?: Logger,
): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      let operation = 'unknown';
      return {
        async didResolveOperation({ request, document, operation: resolved, schema }) {
          operation = resolved?.operation ?? 'unknown';
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName,
              variables: request.variables,
              estimators: [simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (error) {
            // Variables that do not fit their types cannot be costed; execution refuses them before any field
            // resolves, as BAD_USER_INPUT. Rethrown here they would carry no code and answer HTTP 500.
            if (error instanceof GraphQLError) return;
            throw error;
          }
          if (complexity > MAX_QUERY_COMPLEXITY) {
            throw new GraphQLError(`Query is too complex: ${complexity} > ${MAX_QUERY_COMPLEXITY}`, {
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            });
          }
        },
        async willSendResponse({ response, contextValue, request }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.requestDuration.observe(
            { operation, outcome: errors.length > 0 ? 'error' : 'ok' },
            seconds,
          );
          // Ids and codes only: variables, results and error messages may carry personal data.
          logger?.info(
            {
              correlationId: contextValue.correlationId,
              caller: contextValue.principal?.subject ?? null,
              operation,
              operationName: request.operationName ?? null,
              errorCodes: errors.map((error) =>
                typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN',
              ),
              durationMs: Math.round(seconds * 1000),
            },
            'graphql request',
          );
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = error.originalError;
            if (original === undefined || 'extensions' in original) continue;
            logger?.error(
              {
                correlationId: contextValue.correlationId,
                err: original.name,
                code: (original as { code?: unknown }).code ?? null,
                path: error.path?.join('.') ?? null,
                // Frames only, without the first line: the message of a foreign error may quote input values.
                frames:
                  original.stack
                    ?.split('\n')
                    .slice(1, 6)
                    .map((frame) => frame.trim()) ?? [],
              },
              'unexpected error in a GraphQL operation',
            );
          }
        },
      };
    },
  };
}
