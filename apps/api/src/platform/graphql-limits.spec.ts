import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphQLRequestListener } from '@apollo/server';
import {
  buildSchema,
  execute,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';
import type { Logger, Metrics } from '@app/platform';
import type { RequestContext } from './auth/request-context';
import {
  ComplexityCalculator,
  depthLimitRule,
  limitsAndMetricsPlugin,
  MAX_QUERY_COMPLEXITY,
  MAX_QUERY_DEPTH,
  MAX_SPREAD_SELECTIONS,
  spreadSelectionCounts,
} from './graphql-limits';
import { fragmentBomb } from './testing/fragment-bomb';

const schema = buildSchema(`
  type Person { name: String, friends: [Person] }
  type Query { person: Person }
`);

const nested = (depth: number): string =>
  `{ person { ${'friends { '.repeat(depth - 1)}name${' }'.repeat(depth - 1)} } }`;

describe('depth limit', () => {
  it(`given a query ${MAX_QUERY_DEPTH} levels deep, when validated, then it passes`, () => {
    expect(validate(schema, parse(nested(MAX_QUERY_DEPTH)), [depthLimitRule])).toEqual([]);
  });

  it('given a query one level deeper than the limit, when validated, then it is refused', () => {
    const errors = validate(schema, parse(nested(MAX_QUERY_DEPTH + 1)), [depthLimitRule]);
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/exceeds maximum operation depth/),
    ]);
  });
});

describe('selections once fragments are spread', () => {
  it('counts each fragment where it is spread, without spreading it again to count it', () => {
    expect(
      spreadSelectionCounts(
        parse('query A { person { name } } query B { ...P ...P } fragment P on Query { person { name } }'),
      ),
    ).toEqual(
      new Map([
        ['A', 2],
        ['B', 2 + 2 * 2],
      ]),
    );
    expect(
      spreadSelectionCounts(parse(fragmentBomb(12, 8, 'person { name }')))?.get(undefined),
    ).toBeGreaterThan(8 ** 11);
  });

  it('leaves a spread of an unknown fragment, and fragments spreading each other, to graphql-js', () => {
    expect(spreadSelectionCounts(parse('{ ...Missing }'))).toBeNull();
    expect(
      spreadSelectionCounts(parse('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }')),
    ).toBeNull();
  });

  it('given fragments that spread into billions of selections, when validated, then refused at once, without the depth limit walking them', () => {
    const started = process.hrtime.bigint();
    const errors = validate(schema, parse(fragmentBomb(12, 8, 'person { name }')), [depthLimitRule]);
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;

    expect(errors.map((error) => error.message)).toEqual([
      `The operation makes more than ${MAX_SPREAD_SELECTIONS} selections once its fragments are spread`,
    ]);
    // Not a timing test: the walk it replaces takes minutes; counting takes well under a millisecond here.
    expect(milliseconds).toBeLessThan(1_000);
  });

  it('given unknown or cyclic fragments, when validated with graphql-js rules, then refused by those rules, not thrown', () => {
    for (const query of [
      '{ ...Missing }',
      '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }',
    ]) {
      const errors = validate(schema, parse(query), [...specifiedRules, depthLimitRule]);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.map((error) => error.message).join('\n')).toMatch(
        /Unknown fragment|Cannot spread fragment/,
      );
    }
  });
});

describe('complexity', () => {
  const paged = buildSchema(`
    type Person { name: String, friends(first: Int): [Person] }
    type Query { people(first: Int): [Person], person: Person }
  `);
  const cost = (
    calculator: ComplexityCalculator,
    query: string | DocumentNode,
    variables?: Record<string, unknown>,
  ) => calculator.complexityOf(paged, typeof query === 'string' ? parse(query) : query, undefined, variables);

  it('given a field without `first`, when costed, then each selected field costs 1', () => {
    expect(cost(new ComplexityCalculator(), '{ person { name friends { name } } }')).toBe(
      1 + 1 + (1 + 20 * 1),
    );
  });

  it('given a paged field, when costed, then its selection counts once per item of `first`', () => {
    expect(cost(new ComplexityCalculator(), '{ people(first: 10) { name } }')).toBe(1 + 10 * 1);
    expect(cost(new ComplexityCalculator(), '{ people(first: 10) { friends(first: 5) { name } } }')).toBe(
      1 + 10 * (1 + 5 * 1),
    );
  });

  it('given a `first` over the largest page, when costed, then it counts as the largest page (the field refuses it)', () => {
    expect(cost(new ComplexityCalculator(), '{ people(first: 100000) { name } }')).toBe(1 + 100 * 1);
  });

  it('given a paged field without `first`, when costed, then a default page of 20 is assumed', () => {
    expect(cost(new ComplexityCalculator(), '{ people { name } }')).toBe(1 + 20 * 1);
  });

  it('given the same document with other page sizes, when costed again, then each size has its own cost', () => {
    const calculator = new ComplexityCalculator();
    const document = parse('query ($n: Int, $id: Int) { people(first: $n) { name } person { name } }');
    expect(cost(calculator, document, { n: 10, id: 1 })).toBe(1 + 10 + 2);
    expect(cost(calculator, document, { n: 50, id: 2 })).toBe(1 + 50 + 2);
    expect(cost(calculator, document, { n: 10, id: 3 })).toBe(1 + 10 + 2);
  });

  it('given a page size variable with a default, when it is left out and when it is null, then each is costed as it resolves', () => {
    const calculator = new ComplexityCalculator();
    const document = parse('query ($n: Int = 50) { people(first: $n) { name } }');
    expect(cost(calculator, document, { n: null })).toBe(1 + 20);
    expect(cost(calculator, document, {})).toBe(1 + 50);
    expect(cost(calculator, document, { n: null })).toBe(1 + 20);
  });

  it('given a field skipped by a variable, when the variable changes, then so does the cost', () => {
    const calculator = new ComplexityCalculator();
    const document = parse(
      'query ($all: Boolean!) { person { name } people(first: 100) @include(if: $all) { name } }',
    );
    expect(cost(calculator, document, { all: false })).toBe(2);
    expect(cost(calculator, document, { all: true })).toBe(2 + 1 + 100);
  });

  it('given variables that do not fit their types, when costed, then there is no cost (execution refuses them)', () => {
    expect(
      cost(new ComplexityCalculator(), 'query ($n: Int) { people(first: $n) { name } }', { n: 'ten' }),
    ).toBeNull();
  });

  describe('on the API schema', () => {
    const api = buildSchema(readFileSync(join(__dirname, '../../schema.gql'), 'utf8'));
    const everyClientField = `totalCount pageInfo { hasNextPage endCursor } edges { node {
      id name contact { email phone address } dateOfBirth countryOfOrigin departedOn erased region languages needs
      status registeredAt } }`;
    const complexity = (query: string) =>
      new ComplexityCalculator().complexityOf(api, parse(query), undefined, {});

    it('given a full page of clients with every field, when costed, then it is within the limit', () => {
      expect(complexity(`{ clients(first: 100) { ${everyClientField} } }`)).toBeLessThanOrEqual(
        MAX_QUERY_COMPLEXITY,
      );
    });

    it('given several full pages in one request, when costed, then it is over the limit', () => {
      const pages = [1, 2, 3].map((page) => `page${page}: clients(first: 100) { ${everyClientField} }`);
      expect(complexity(`{ ${pages.join(' ')} }`)).toBeGreaterThan(MAX_QUERY_COMPLEXITY);
    });
  });
});

describe('the limits and metrics plugin', () => {
  const schema = buildSchema(`
    type Person { name: String, friends(first: Int): [Person] }
    type Query { people(first: Int): [Person] }
  `);
  const info = jest.fn();
  const metrics = { requestDuration: { observe: jest.fn() } } as unknown as Metrics;
  const logger = { info, error: jest.fn() } as unknown as Logger;

  async function listenerFor(): Promise<GraphQLRequestListener<RequestContext>> {
    const plugin = limitsAndMetricsPlugin(metrics, logger);
    const listener = await plugin.requestDidStart?.({} as never);
    if (listener === undefined) throw new Error('the plugin listens to every request');
    return listener;
  }

  const operationOf = (document: DocumentNode): OperationDefinitionNode => {
    const [definition] = document.definitions;
    if (definition?.kind !== Kind.OPERATION_DEFINITION) throw new Error('an operation');
    return definition;
  };

  it('given an operation over the complexity limit, when resolved, then it is refused as QUERY_TOO_COMPLEX with HTTP 400', async () => {
    const document = parse('{ people(first: 100) { friends(first: 100) { name } } }');
    const listener = await listenerFor();
    const resolving = listener.didResolveOperation?.({
      request: {},
      document,
      operation: operationOf(document),
      schema,
    } as never);
    await expect(resolving).rejects.toBeInstanceOf(GraphQLError);
    await expect(resolving).rejects.toMatchObject({
      extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } },
    });
  });

  it('given a named operation sent without operationName, when answered, then the log line names the operation', async () => {
    info.mockClear();
    const document = parse('query Me { people(first: 1) { name } }');
    const listener = await listenerFor();
    await listener.willSendResponse?.({
      request: {},
      operation: operationOf(document),
      contextValue: { correlationId: 'corr-1', principal: null },
      response: { http: { headers: new Map() }, body: { kind: 'single', singleResult: {} } },
    } as never);
    expect(info).toHaveBeenCalledWith(
      expect.objectContaining({ operationName: 'Me', correlationId: 'corr-1' }),
      'graphql request',
    );
  });

  describe('errors the client reads only as INTERNAL_SERVER_ERROR', () => {
    const faulty = buildSchema(`
      type Page { totalCount: Int!, label: String }
      type Query { page: Page, thrown: Int, refused: Int }
    `);

    /** Executes `query` against resolvers that return `page`, and hands its errors to the plugin. */
    async function loggedErrorsOf(query: string, page: Record<string, unknown>): Promise<unknown[]> {
      const error = jest.fn();
      const plugin = limitsAndMetricsPlugin(metrics, { info, error } as unknown as Logger);
      const listener = await plugin.requestDidStart?.({} as never);
      const result = await execute({
        schema: faulty,
        document: parse(query),
        rootValue: {
          page: () => page,
          thrown: () => {
            throw new RangeError('no row for Zainab Rahimi');
          },
          refused: () => {
            throw new GraphQLError('not yours', { extensions: { code: 'NOT_FOUND' } });
          },
        },
      });
      await listener?.didEncounterErrors?.({
        errors: result.errors ?? [],
        contextValue: { correlationId: 'corr-2', principal: null },
      } as never);
      return error.mock.calls.map(([entry]: unknown[]) => entry);
    }

    it('given a non-null field resolved to null, when answered, then the log names the field and the fault', async () => {
      const logged = await loggedErrorsOf('{ page { totalCount } }', { totalCount: undefined });
      expect(logged).toEqual([
        expect.objectContaining({
          correlationId: 'corr-2',
          path: 'page.totalCount',
          err: 'Error',
          fault: 'Cannot return null for non-nullable field Page.totalCount.',
        }),
      ]);
    });

    it('given a value a scalar cannot represent, when answered, then the log gives its kind, never the value', async () => {
      const logged = await loggedErrorsOf('{ page { totalCount label } }', {
        totalCount: 73_519_846_201n,
        label: 'Zainab',
      });
      expect(logged).toEqual([
        expect.objectContaining({
          path: 'page.totalCount',
          fault: 'Int cannot represent non-integer value (value kind: bigint)',
        }),
      ]);
      expect(JSON.stringify(logged)).not.toContain('73519846201');
    });

    it('given a resolver throwing, when answered, then the log names its class and not its message; a coded refusal is not logged', async () => {
      const logged = await loggedErrorsOf('{ thrown refused }', {});
      expect(logged).toEqual([expect.objectContaining({ path: 'thrown', err: 'RangeError', fault: null })]);
      expect(JSON.stringify(logged)).not.toContain('Zainab');
    });
  });
});
