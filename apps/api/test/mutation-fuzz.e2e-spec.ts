import fc from 'fast-check';
import { isInputObjectType, type GraphQLSchema } from 'graphql';
import type { RecordedEvent } from '@app/event-store';
import type { Runtime } from '../../worker/src/runtime/runtime';
import { RUNTIME } from '../src/platform/tokens';
import { FixtureKit, type Fixtures } from './support/cross-cutting/fixture-kit';
import {
  leaksStackTrace,
  positionOnlyMutation,
  postGraphQL,
  type RawResponse,
} from './support/cross-cutting/graphql-client';
import {
  corrupted,
  schemaCorruption,
  targetedCorruption,
  PERSONAL_FIELDS,
  wrongKindIdCorruption,
  type Corruption,
} from './support/cross-cutting/input-corruption';
import { MUTATION_SPECS, validInput } from './support/cross-cutting/mutation-specs';
import { introspectSchema, schemaOperations } from './support/cross-cutting/schema-shape';
import { startTestApp, type TestApp } from './support/test-app';

/** Fixed for reproducibility; override with FUZZ_SEED to explore, and quote the seed of a failure. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_115);
/** Runs per mutation by default: with every mutation of the schema, over 2,000 cases in all. */
const DEFAULT_RUNS_PER_MUTATION = 80;
const RUNS_PER_MUTATION = Number(process.env.FUZZ_RUNS ?? DEFAULT_RUNS_PER_MUTATION);
const MUTATIONS = Object.keys(MUTATION_SPECS).sort();

/** Invalid inputs the server once accepted, each pinned by a test of its own so that it stays refused. */
const KNOWN_DEFECTS = [
  {
    title: 'recordConsultation with a matchId naming no match of the volunteer',
    mutation: 'recordConsultation',
    patch: (): Record<string, unknown> => ({ matchId: '0190f1a2-0000-7000-8000-000000000001' }),
  },
  {
    title: 'endMatch with an endedOn before the match was accepted',
    mutation: 'endMatch',
    patch: (): Record<string, unknown> => ({ endedOn: '2000-01-01' }),
  },
] as const;

const FUZZ_SUBJECTS = { admin: 'fuzz-admin', liberec: 'fuzz-coordinator-liberec' } as const;
type FuzzCaller = keyof typeof FUZZ_SUBJECTS;

interface FuzzCase {
  readonly caller: FuzzCaller;
  readonly corruptions: readonly Corruption[];
}

/** What must hold for every invalid request, whatever was wrong with it. */
function problemsWith(
  mutation: string,
  input: Record<string, unknown>,
  response: RawResponse,
  appended: readonly RecordedEvent[],
): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`HTTP ${response.status}`);
  if (response.body === null) return [...problems, `non-JSON answer: ${response.text.slice(0, 200)}`];
  const errors = response.body.errors ?? [];
  if (errors.length === 0) problems.push('accepted: no error');
  for (const error of errors) {
    const code = error.extensions?.code;
    if (typeof code !== 'string')
      problems.push(`error without a code: ${JSON.stringify(error).slice(0, 200)}`);
    else if (code === 'INTERNAL_SERVER_ERROR') problems.push('INTERNAL_SERVER_ERROR');
  }
  if (leaksStackTrace(response)) problems.push('stack trace in an error');
  const errorText = JSON.stringify(errors);
  for (const field of PERSONAL_FIELDS) {
    const value = input[field];
    if (typeof value === 'string' && value.length >= 6 && errorText.includes(value))
      problems.push(`echoes ${field}`);
  }
  const data = response.body.data?.[mutation];
  if (data !== undefined && data !== null) problems.push('a payload came back');
  if (appended.length > 0) problems.push(`appended ${appended.map((event) => event.type).join(', ')}`);
  return problems;
}

describe('mutation fuzzing: invalid inputs are refused with a code and change nothing', () => {
  let app: TestApp;
  let runtime: Runtime;
  let schema: GraphQLSchema;
  let fixtures: Fixtures;
  const tokens: Partial<Record<FuzzCaller, string>> = {};
  let casesRun = 0;

  beforeAll(async () => {
    console.log(
      `mutation fuzz seed ${SEED} (FUZZ_SEED=${SEED} to replay), ${RUNS_PER_MUTATION} runs per mutation`,
    );
    // Thousands of mutations from one caller: the per-caller rate limit would answer instead of the rules under test.
    app = await startTestApp({ MUTATION_RATE_LIMIT: '1000000' });
    runtime = app.nest.get<symbol, Runtime>(RUNTIME);
    schema = await introspectSchema(app);
    fixtures = await (await FixtureKit.create(app)).fixtures();
    tokens.admin = await app.token('ADMIN', [], FUZZ_SUBJECTS.admin);
    tokens.liberec = await app.token('COORDINATOR', ['LIBEREC'], FUZZ_SUBJECTS.liberec);
  }, 120_000);

  afterAll(async () => {
    console.log(`mutation fuzz ran ${casesRun} cases`);
    await app?.close();
  });

  /** Events this request appended: background work (certificates, reminders) acts under its own ids. */
  async function appendedBy(response: RawResponse, before: bigint): Promise<RecordedEvent[]> {
    if ((await runtime.eventStore.headPosition()) === before) return [];
    const events = await runtime.eventStore.readAll({ after: before, maxCount: 1000 });
    const ours = new Set<string>(Object.values(FUZZ_SUBJECTS));
    return events.filter(
      (event) => event.metadata.correlationId === response.correlationId || ours.has(event.metadata.actor.id),
    );
  }

  it('fuzzes every mutation of the schema', async () => {
    const mutations = schemaOperations(schema)
      .filter((operation) => operation.kind === 'mutation')
      .map((operation) => operation.name)
      .sort();
    expect(mutations).toEqual(MUTATIONS);
  });

  it.each(MUTATIONS.map((mutation, index) => [mutation, index] as const))(
    '%s',
    async (mutation, index) => {
      const inputType = schema.getType(`${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Input`);
      if (!isInputObjectType(inputType)) throw new Error(`${mutation} takes no input object`);
      const base = validInput(mutation, fixtures);
      const corruption = fc.oneof(
        { weight: 6, arbitrary: schemaCorruption(inputType, base, []) },
        ...[wrongKindIdCorruption(inputType, fixtures, []), targetedCorruption(mutation, fixtures)]
          .filter((arbitrary): arbitrary is fc.Arbitrary<Corruption> => arbitrary !== null)
          .map((arbitrary) => ({ weight: 2, arbitrary })),
      );
      const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record({
            caller: fc.constant<FuzzCaller>('admin'),
            corruptions: fc.array(corruption, { minLength: 1, maxLength: 3 }),
          }),
        },
        {
          // The input is valid but every record in it lies in PRAGUE: it must read as not found or forbidden.
          weight: 1,
          arbitrary: fc.record({
            caller: fc.constant<FuzzCaller>('liberec'),
            corruptions: fc.array(corruption, { minLength: 0, maxLength: 2 }),
          }),
        },
      );
      await fc.assert(
        fc.asyncProperty(fuzzCase, async ({ caller, corruptions }) => {
          casesRun += 1;
          // A fresh idempotency key each time: a re-used one would replay an earlier result instead of deciding.
          const input = corrupted(
            { ...base, commandId: validInput(mutation, fixtures).commandId },
            corruptions,
          );
          const before = await runtime.eventStore.headPosition();
          const response = await postGraphQL(app, {
            query: positionOnlyMutation(mutation),
            variables: { input },
            token: tokens[caller],
          });
          const problems = problemsWith(mutation, input, response, await appendedBy(response, before));
          if (problems.length > 0) {
            console.log(`${mutation} as ${caller}: ${response.status} ${response.text.slice(0, 300)}`);
          }
          expect({ caller, corruptions: corruptions.map((c) => c.label), problems }).toEqual({
            caller,
            corruptions: corruptions.map((c) => c.label),
            problems: [],
          });
        }),
        { seed: SEED + index, numRuns: RUNS_PER_MUTATION, endOnFailure: true },
      );
    },
    60_000,
  );

  it('ran every case of every mutation, over 2,000 in all by default', () => {
    expect(casesRun).toBe(MUTATIONS.length * RUNS_PER_MUTATION);
    expect(MUTATIONS.length * DEFAULT_RUNS_PER_MUTATION).toBeGreaterThanOrEqual(2_000);
  });

  describe.each(KNOWN_DEFECTS.map((defect) => [defect.title, defect] as const))(
    'former defect',
    (_title, defect) => {
      it(`refuses ${defect.title}, appending nothing`, async () => {
        // A throw-away match: were the defect back, the request would succeed and change the record.
        const kit = await FixtureKit.create(app);
        const own = await kit.match('active');
        const ids = { ...fixtures, activeMatchId: own.matchId, activeVolunteerId: own.volunteerId };
        const input = { ...validInput(defect.mutation, ids), ...defect.patch() };
        const before = await runtime.eventStore.headPosition();
        const response = await postGraphQL(app, {
          query: positionOnlyMutation(defect.mutation),
          variables: { input },
          token: tokens.admin,
        });
        expect(problemsWith(defect.mutation, input, response, await appendedBy(response, before))).toEqual(
          [],
        );
      });
    },
  );
});
