import type { ApolloServerPlugin } from '@apollo/server';
import depthLimit from 'graphql-depth-limit';
import {
  GraphQLError,
  Kind,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Logger, Metrics } from '@app/platform';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../shared/connection';
import type { RequestContext } from './auth/request-context';
import { completionFault, isMaskedError } from './graphql-errors';
import { describeUnexpected } from './unexpected-error';

export const MAX_QUERY_DEPTH = 10;
/** Room for any single page of 100 with every field, not for several such pages in one request. */
export const MAX_QUERY_COMPLEXITY = 5000;
/**
 * Costs of fields that do far more than their answer shows, so that aliases cannot multiply them within one
 * request: a field replaying the whole event store (two fit the limit), one scanning a region's read models
 * (ten), one reading a stream, and a read of a client's personal data, which first appends an access record
 * (at most 250 in one request, not 2,500).
 */
export const WHOLE_STORE_COST = 2000;
export const REGION_SCAN_COST = 400;
export const ONE_STREAM_COST = 20;
export const RECORDED_READ_COST = 20;
/**
 * A client's personal field, and each client a name search lists: reading either appends the client's access
 * record. Low enough that a full page of 100 clients with every field fits the limit (about 3,500), high enough
 * that one request cannot record reads of thousands.
 */
export const PERSONAL_FIELD_COST = 5;
/** What a paged field without `first` is costed at. */
const ASSUMED_PAGE_SIZE = DEFAULT_PAGE_SIZE;

/**
 * Most selections one operation may make once its fragments are spread: a legitimate query makes a few hundred.
 * Fragments spread inside fragments multiply, so a document of a few hundred bytes can stand for billions.
 */
export const MAX_SPREAD_SELECTIONS = 5000;

/**
 * The selections of each operation with every fragment spread where it is used, counted without spreading
 * anything twice (a fragment's count is remembered). `null` when a spread names no fragment of the document or
 * fragments spread each other: graphql-js's own rules refuse those, with their own words.
 */
export function spreadSelectionCounts(document: DocumentNode): Map<string | undefined, number> | null {
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition.selectionSet);
  const counted = new Map<string, number | 'counting'>();
  const countOf = (selectionSet: SelectionSetNode): number | null => {
    let count = 0;
    for (const selection of selectionSet.selections) {
      count += 1;
      let inner: number | null = 0;
      if (selection.kind === Kind.FRAGMENT_SPREAD) inner = fragmentCount(selection.name.value);
      else if (selection.selectionSet !== undefined) inner = countOf(selection.selectionSet);
      if (inner === null) return null;
      count += inner;
    }
    return count;
  };
  const fragmentCount = (name: string): number | null => {
    const known = counted.get(name);
    if (known === 'counting') return null;
    if (known !== undefined) return known;
    const selectionSet = fragments.get(name);
    if (selectionSet === undefined) return null;
    counted.set(name, 'counting');
    const count = countOf(selectionSet);
    if (count === null) return null;
    counted.set(name, count);
    return count;
  };
  const counts = new Map<string | undefined, number>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const count = countOf(definition.selectionSet);
    if (count === null) return null;
    counts.set(definition.name?.value, count);
  }
  return counts;
}

const graphqlDepthLimit = depthLimit(MAX_QUERY_DEPTH) as ValidationRule;

/**
 * graphql-depth-limit does all its work when the rule is built, before any rule visits the document, and
 * follows every fragment spread again wherever it is used, without checking that the fragment exists or that
 * fragments do not spread each other. So it runs only on a document whose fragments are sound and whose
 * operations spread into at most `MAX_SPREAD_SELECTIONS` selections; those are refused here, and the unsound
 * ones left to graphql-js's own rules (KnownFragmentNames, NoFragmentCycles), which run in the same pass.
 */
export const depthLimitRule: ValidationRule = (context) => {
  const counts = spreadSelectionCounts(context.getDocument());
  if (counts === null) return {};
  let refused = false;
  for (const [name, count] of counts) {
    if (count <= MAX_SPREAD_SELECTIONS) continue;
    refused = true;
    context.reportError(
      new GraphQLError(
        `${name === undefined ? 'The operation' : `'${name}'`} makes more than ${MAX_SPREAD_SELECTIONS} selections once its fragments are spread`,
      ),
    );
  }
  return refused ? {} : graphqlDepthLimit(context);
};

/**
 * A field costs 1, or what its `complexity` says (fields that read far more than they answer: whole-store
 * audits, rankings, and reads that append an access record), plus what it selects; a field taking `first`
 * pays its selection once per item it may return. A `first` over the largest page is costed as the largest
 * page: the field refuses it anyway, with BAD_USER_INPUT naming `first`.
 */
const fieldCostEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const own: unknown = field.extensions.complexity;
  const ownCost = typeof own === 'number' ? own : 1;
  if (!field.args.some((argument) => argument.name === 'first')) return ownCost + childComplexity;
  const first: unknown = args.first;
  const items = typeof first === 'number' && first > 0 ? Math.min(first, MAX_PAGE_SIZE) : ASSUMED_PAGE_SIZE;
  return ownCost + items * (childComplexity + nameSearchCost(args));
};

/** A list searched by name records a read of each person it lists, whatever the query selects of them. */
function nameSearchCost(args: Record<string, unknown>): number {
  const filter = args.filter;
  if (filter === null || typeof filter !== 'object') return 0;
  const prefix: unknown = (filter as { namePrefix?: unknown }).namePrefix;
  return typeof prefix === 'string' && prefix !== '' ? PERSONAL_FIELD_COST : 0;
}

const ESTIMATORS = [fieldCostEstimator];

/** Variables that can change an operation's cost: page sizes, and the conditions of `@skip` and `@include`. */
function costVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  let costArgumentDepth = 0;
  visit(document, {
    Argument: {
      enter: (node) => {
        if (node.name.value === 'first') costArgumentDepth += 1;
      },
      leave: (node) => {
        if (node.name.value === 'first') costArgumentDepth -= 1;
      },
    },
    Directive: {
      enter: () => {
        costArgumentDepth += 1;
      },
      leave: () => {
        costArgumentDepth -= 1;
      },
    },
    Variable: (node) => {
      if (costArgumentDepth > 0) names.add(node.name.value);
    },
  });
  return [...names].sort();
}

const MAX_COSTS_PER_DOCUMENT = 64;

interface CostedDocument {
  readonly costVariables: readonly string[];
  readonly complexities: Map<string, number>;
}

/**
 * Costs operations, remembering the cost per parsed document (Apollo hands the same document object to every
 * request with the same query text) and per value of the variables that can change it.
 */
export class ComplexityCalculator {
  private readonly documents = new WeakMap<DocumentNode, CostedDocument>();

  /** The estimated cost, or null when the variables do not fit their types (execution refuses those). */
  complexityOf(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
  ): number | null {
    let costed = this.documents.get(document);
    if (costed === undefined) {
      costed = { costVariables: costVariablesOf(document), complexities: new Map() };
      this.documents.set(document, costed);
    }
    // An absent variable takes its default, which may differ from an explicit null.
    const key = JSON.stringify([
      operationName ?? null,
      costed.costVariables.map((name) =>
        variables !== undefined && Object.hasOwn(variables, name) ? [variables[name]] : 'absent',
      ),
    ]);
    const known = costed.complexities.get(key);
    if (known !== undefined) return known;
    let complexity: number;
    try {
      complexity = getComplexity({
        schema,
        query: document,
        operationName,
        variables,
        estimators: ESTIMATORS,
      });
    } catch (error) {
      if (error instanceof GraphQLError) return null;
      throw error;
    }
    // Bounded so that a client varying page sizes cannot grow it without end.
    if (costed.complexities.size >= MAX_COSTS_PER_DOCUMENT) costed.complexities.clear();
    costed.complexities.set(key, complexity);
    return complexity;
  }
}

/**
 * Refuses operations whose estimated cost is too high before they run (every field costs 1; a paged field
 * costs its selection once per item of `first`), records latency per operation type, logs each request
 * by correlation id, and marks every answer `no-store`.
 */
export function limitsAndMetricsPlugin(
  metrics: Metrics,
  logger?: Logger,
): ApolloServerPlugin<RequestContext> {
  const complexities = new ComplexityCalculator();
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      let operation = 'unknown';
      return {
        async didResolveOperation({ request, document, operation: resolved, schema }) {
          operation = resolved?.operation ?? 'unknown';
          // Null when the variables do not fit their types: execution refuses those before any field resolves,
          // as BAD_USER_INPUT. Thrown from here they would carry no code and answer HTTP 500.
          const complexity = complexities.complexityOf(
            schema,
            document,
            request.operationName,
            request.variables,
          );
          if (complexity !== null && complexity > MAX_QUERY_COMPLEXITY) {
            // Apollo answers an error thrown from this hook with HTTP 500 unless it says otherwise; the client
            // asked too much, which is a 400. Apollo takes `http` out of the extensions before answering.
            throw new GraphQLError(`Query is too complex: ${complexity} > ${MAX_QUERY_COMPLEXITY}`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
            });
          }
        },
        async willSendResponse({ response, contextValue, operation: resolved }) {
          // Answers carry personal data: no browser or proxy may keep a copy.
          response.http.headers.set('cache-control', 'no-store');
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
              // The name in the document, which a client need not repeat as `operationName`; the request's own
              // `operationName` is not logged: when it names no operation, it is text of the client's choosing.
              operationName: resolved?.name?.value ?? null,
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
            if (!isMaskedError(error)) continue;
            logger?.error(
              {
                correlationId: contextValue.correlationId,
                path: error.path?.join('.') ?? null,
                ...describeUnexpected(error.originalError ?? error),
                // graphql-js's own words when a resolved value could not be completed (null for a non-null
                // field, a value that is not an Int), with the value left out; null for any other error.
                fault: completionFault(error.message),
              },
              'unexpected error in a GraphQL operation',
            );
          }
        },
      };
    },
  };
}
