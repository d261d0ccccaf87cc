import type { ApolloServerPlugin } from '@apollo/server';
import depthLimit from 'graphql-depth-limit';
import { GraphQLError, type ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { Metrics } from '@app/platform';

export const MAX_QUERY_DEPTH = 10;
export const MAX_QUERY_COMPLEXITY = 2000;

export const depthLimitRule = depthLimit(MAX_QUERY_DEPTH) as ValidationRule;

/**
 * Refuses operations whose estimated cost is too high before they run (every field costs 1; connections
 * multiply through `first`), and records latency per operation type.
 */
export function limitsAndMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
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
        async willSendResponse({ response }) {
          const failed =
            response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0;
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.requestDuration.observe({ operation, outcome: failed ? 'error' : 'ok' }, seconds);
        },
      };
    },
  };
}
