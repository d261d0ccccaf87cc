import type { Role, Region } from '@app/platform';
import {
  AUTHORIZATION_TABLE,
  CALLERS,
  needsOwnRecords,
  type AuthorizationRow,
  type Caller,
  type Outcome,
} from './support/cross-cutting/authorization-table';
import { FixtureKit, type Fixtures } from './support/cross-cutting/fixture-kit';
import { errorCodes, postGraphQL, type RawResponse } from './support/cross-cutting/graphql-client';
import { MUTATION_SPECS } from './support/cross-cutting/mutation-specs';
import { introspectSchema, operationKey, schemaOperations } from './support/cross-cutting/schema-shape';
import { startTestApp, type TestApp } from './support/test-app';
import type { Runtime } from '../../worker/src/runtime/runtime';
import { RUNTIME } from '../src/platform/tokens';

const IDENTITIES: Readonly<
  Record<Exclude<Caller, 'anonymous'>, { role: Role; regions: Region[]; subject: string }>
> = {
  auditor: { role: 'AUDITOR', regions: [], subject: 'matrix-auditor' },
  coordinatorLiberec: { role: 'COORDINATOR', regions: ['LIBEREC'], subject: 'matrix-coordinator-liberec' },
  coordinatorPrague: { role: 'COORDINATOR', regions: ['PRAGUE'], subject: 'matrix-coordinator-prague' },
  admin: { role: 'ADMIN', regions: [], subject: 'matrix-admin' },
};

const MALFORMED_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);

const DOMAIN_CODE = /^[A-Z][A-Z_]*\.[A-Z][A-Z_]*$/;

type Observed = Outcome | 'SERVER_ERROR' | 'MALFORMED_REQUEST' | 'UNCODED_ERROR';

function classify(row: AuthorizationRow, response: RawResponse, ids: Fixtures): Observed {
  const codes = errorCodes(response);
  if (response.status >= 500 || response.body === null || codes.includes('INTERNAL_SERVER_ERROR'))
    return 'SERVER_ERROR';
  if (codes.some((code) => typeof code !== 'string')) return 'UNCODED_ERROR';
  if (codes.includes('UNAUTHENTICATED')) return 'UNAUTHENTICATED';
  if (codes.includes('FORBIDDEN')) return 'FORBIDDEN';
  if (codes.includes('NOT_FOUND')) return 'HIDDEN';
  if (codes.some((code) => MALFORMED_CODES.has(code as string))) return 'MALFORMED_REQUEST';
  const data = response.body.data?.[row.name];
  if (codes.length === 0 && (data === null || data === undefined)) return 'SERVER_ERROR';
  if (row.shows !== undefined && codes.length === 0 && !row.shows(response.body.data ?? {}, ids))
    return 'HIDDEN';
  return 'ALLOWED';
}

describe('authorisation matrix: every operation × caller', () => {
  let app: TestApp;
  let kit: FixtureKit;
  let fixtures: Fixtures;
  let runtime: Runtime;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    // Thousands of mutations from one caller: the per-caller rate limit would answer instead of the rules under test.
    app = await startTestApp({ MUTATION_RATE_LIMIT: '1000000' });
    runtime = app.nest.get(RUNTIME);
    kit = await FixtureKit.create(app);
    fixtures = await kit.fixtures();
    for (const [caller, identity] of Object.entries(IDENTITIES)) {
      tokens[caller as Caller] = await app.token(identity.role, identity.regions, identity.subject);
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('classifies every query and mutation of the schema, and only those', async () => {
    const inSchema = schemaOperations(await introspectSchema(app)).map((operation) =>
      operationKey(operation.kind, operation.name),
    );
    const inTable = AUTHORIZATION_TABLE.map((row) => operationKey(row.kind, row.name));
    expect({ unclassified: inSchema.filter((key) => !inTable.includes(key)) }).toEqual({ unclassified: [] });
    expect({ notInSchema: inTable.filter((key) => !inSchema.includes(key)) }).toEqual({ notInSchema: [] });
    expect(new Set(inTable).size).toBe(inTable.length);
    const mutations = AUTHORIZATION_TABLE.filter((row) => row.kind === 'mutation').map((row) => row.name);
    expect(Object.keys(MUTATION_SPECS).sort()).toEqual([...mutations].sort());
  });

  describe.each(AUTHORIZATION_TABLE.map((row) => [`${row.kind} ${row.name}`, row] as const))(
    '%s',
    (_label, row) => {
      for (const caller of CALLERS) {
        const expected = row.expect[caller];
        const defect = row.knownDefects?.[caller];
        const title = `${caller} → ${expected}`;
        const check = async () => {
          const ids = needsOwnRecords(row, caller)
            ? { ...fixtures, ...(await MUTATION_SPECS[row.name]!.fresh!(kit)) }
            : fixtures;
          const request = row.request(ids);
          const headBefore = await runtime.eventStore.headPosition();
          const response = await postGraphQL(app, { ...request, token: tokens[caller] });
          const codes = errorCodes(response);
          if (row.kind === 'mutation' && expected === 'ALLOWED' && codes.length === 0) {
            // `position` is that of the last event the request itself recorded (reactors' follow-ups aside).
            const recorded = (await runtime.eventStore.readAll({ after: headBefore })).filter(
              (event) =>
                event.metadata.correlationId === response.correlationId &&
                event.metadata.actor.role !== 'SYSTEM',
            );
            expect({
              caller,
              position: (response.body?.data?.[row.name] as { position?: unknown } | undefined)?.position,
            }).toEqual({
              caller,
              position: String(recorded.at(-1)?.position ?? 'none recorded'),
            });
          }
          expect({ caller, outcome: classify(row, response, ids), codes }).toEqual({
            caller,
            outcome: expected,
            // An allowed caller may still meet a domain rule (`CONTEXT.REASON`), nothing else.
            codes:
              expected === 'ALLOWED'
                ? codes.filter((code) => DOMAIN_CODE.test(String(code)))
                : expect.any(Array),
          });
        };
        if (defect === undefined) it(title, check, 30_000);
        else it.failing(`${title} [KNOWN DEFECT: ${defect}]`, check, 30_000);
      }
    },
  );
});
