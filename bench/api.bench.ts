import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createLogger, mintToken, type AppConfig } from '@app/platform';
import { startApi, type RunningApp } from '../apps/api/src/bootstrap';
import { runSeed, type SeedSummary } from '../apps/api/src/cli/seed/seed-runner';
import {
  describeMachine,
  embeddedBenchConfig,
  formatTable,
  measureSyncLatency,
  positiveFromEnv,
  readCpuTimes,
  readThreadCpu,
  stolenShare,
  threadCpuSpent,
  writeBenchResults,
} from './support';

const NAME = 'api';
const JWT_SECRET = 'bench-api-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const CONNECTIONS = 10;
/** Length of the extra, profiled pass per API scenario (BENCH_API_PROFILE=0 skips it). */
const PROFILE_SECONDS = 5;
const TARGETS = { clientByIdVsCeiling: 0.5, giveConsentVsCeiling: 0.2 } as const;

// autocannon 8 ships no type declarations; this is the part of its API the benchmark uses.
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method: 'POST';
  headers: Record<string, string>;
  body?: string;
  requests?: {
    setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
    onResponse?: (status: number, body: string) => void;
  }[];
}
interface Histogram {
  readonly average: number;
  readonly p50: number;
  readonly p99: number;
}
interface AutocannonResult {
  readonly requests: Histogram & { readonly total: number };
  readonly latency: Histogram;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: AutocannonOptions) => Promise<AutocannonResult>;

interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly url: string;
  readonly token?: string;
  /** A fresh body per request (autocannon's setupRequest). */
  readonly body: () => string;
}

interface ScenarioResult {
  readonly scenario: string;
  readonly description: string;
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyAverageMs: number;
  readonly requests: number;
  /** Responses that were not 200 or carried GraphQL `errors`. */
  readonly failed: number;
  /** CPU time of the main thread (server and autocannon share it) per request, µs; null without schedstat. */
  readonly mainThreadMicrosPerRequest: number | null;
  /** CPU time of every other thread per request, µs; null without schedstat. */
  readonly otherThreadsMicrosPerRequest: number | null;
  /** Share of the wall time the main thread was on a CPU; null without schedstat. */
  readonly mainThreadBusy: number | null;
  /** Share of the wall time the main thread was ready to run but had no CPU; null without schedstat. */
  readonly mainThreadWaitingForCpu: number | null;
  /** Share of the machine's CPU time the host took while the scenario ran; null without `/proc/stat`. */
  readonly hostStolen: number | null;
}

const CLIENT_BY_ID = `query ($id: ID!) { client(id: $id) {
  id name contact { email phone address } dateOfBirth countryOfOrigin region languages needs status } }`;
/** The same read without personal fields: no access record, so the difference is what recording costs. */
const CLIENT_BY_ID_NO_PERSONAL_DATA = `query ($id: ID!) { client(id: $id) {
  id region languages needs status } }`;
const CLIENTS_BY_REGION = `query ($region: Region!) { clients(filter: { region: $region }, first: 20) {
  totalCount pageInfo { endCursor hasNextPage } edges { node { id region status languages needs registeredAt } } } }`;
const GIVE_CONSENT = `mutation ($input: GiveConsentInput!) { giveConsent(input: $input) {
  position consent { id status purposes recipients givenOn } } }`;

async function startCeiling(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = new ApolloServer({
    typeDefs: 'type Query { ping: String! }',
    resolvers: { Query: { ping: () => 'pong' } },
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}

async function graphql(url: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

/** Every seeded client id, paging through `clients` as an admin. */
async function seededClientIds(url: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page = await graphql(
      url,
      token,
      `
        query ($after: String) {
          clients(first: 100, after: $after) {
            pageInfo {
              endCursor
              hasNextPage
            }
            edges {
              node {
                id
              }
            }
          }
        }
      `,
      { after },
    );
    if (page.errors !== undefined) throw new Error(`listing clients failed: ${JSON.stringify(page.errors)}`);
    const connection = page.data?.clients as {
      pageInfo: { endCursor: string | null; hasNextPage: boolean };
      edges: { node: { id: string } }[];
    };
    ids.push(...connection.edges.map((edge) => edge.node.id));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (after !== null);
  return ids;
}

/** Departed clients refuse new consents; the consent scenario rotates over the others. */
async function clientsAcceptingConsent(
  url: string,
  token: string,
  ids: readonly string[],
): Promise<string[]> {
  const statuses = await Promise.all(
    ids.map(async (id) => {
      const answer = await graphql(url, token, 'query ($id: ID!) { client(id: $id) { status } }', { id });
      return (answer.data?.client as { status?: string } | undefined)?.status;
    }),
  );
  return ids.filter((_, index) => statuses[index] !== undefined && statuses[index] !== 'DEPARTED');
}

function rotating<T>(items: readonly T[]): () => T {
  let next = 0;
  return () => {
    const item = items[next % items.length] as T;
    next += 1;
    return item;
  };
}

async function measure(scenario: Scenario, seconds: number): Promise<ScenarioResult> {
  // One request first: a scenario that fails outright is a broken benchmark, not a slow API.
  const probe = await fetch(scenario.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(scenario.token === undefined ? {} : { authorization: `Bearer ${scenario.token}` }),
    },
    body: scenario.body(),
  });
  const probeBody = await probe.text();
  if (probe.status !== 200 || probeBody.includes('"errors"'))
    throw new Error(`${scenario.name}: probe failed (${probe.status}): ${probeBody.slice(0, 300)}`);

  let failed = 0;
  const cpuBefore = readThreadCpu();
  const machineBefore = readCpuTimes();
  const startedAt = process.hrtime.bigint();
  const result = await autocannon({
    url: scenario.url,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(scenario.token === undefined ? {} : { authorization: `Bearer ${scenario.token}` }),
    },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: scenario.body() }),
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) failed += 1;
        },
      },
    ],
  });
  const wallNanos = Number(process.hrtime.bigint() - startedAt);
  const cpu = threadCpuSpent(cpuBefore, readThreadCpu());
  const stolen = stolenShare(machineBefore, readCpuTimes());
  const perRequest = (nanos: number) => Math.round(nanos / 1000 / Math.max(1, result.requests.total));
  return {
    scenario: scenario.name,
    description: scenario.description,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyAverageMs: result.latency.average,
    requests: result.requests.total,
    failed: failed + result.errors + result.timeouts,
    mainThreadMicrosPerRequest: cpu === null ? null : perRequest(cpu.mainNanos),
    otherThreadsMicrosPerRequest: cpu === null ? null : perRequest(cpu.otherNanos),
    mainThreadBusy: cpu === null ? null : Math.round((cpu.mainNanos / wallNanos) * 100) / 100,
    mainThreadWaitingForCpu: cpu === null ? null : Math.round((cpu.mainWaitingNanos / wallNanos) * 100) / 100,
    hostStolen: stolen === null ? null : Math.round(stolen * 1000) / 1000,
  };
}

function resultOf(results: readonly ScenarioResult[], name: string): ScenarioResult {
  const found = results.find((result) => result.scenario === name);
  if (found === undefined) throw new Error(`no result for scenario ${name}`);
  return found;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** The mean of `value` over the rounds weighted by `weight`, rounded to 1/`scale`; null if a round has none. */
function weighted(
  rounds: readonly ScenarioResult[],
  value: (round: ScenarioResult) => number | null,
  weight: (round: ScenarioResult) => number,
  scale = 1,
): number | null {
  let sum = 0;
  let total = 0;
  for (const round of rounds) {
    const figure = value(round);
    if (figure === null) return null;
    sum += figure * weight(round);
    total += weight(round);
  }
  return total > 0 ? Math.round((sum / total) * scale) / scale : null;
}

/** One scenario over all rounds: requests over the time of all rounds; latencies, the median round's. */
function combineRounds(rounds: readonly ScenarioResult[]): ScenarioResult {
  const [first] = rounds;
  if (first === undefined) throw new Error('no rounds to combine');
  const requests = rounds.reduce((sum, round) => sum + round.requests, 0);
  const seconds = rounds.reduce((sum, round) => sum + round.requests / round.requestsPerSecond, 0);
  return {
    scenario: first.scenario,
    description: first.description,
    requestsPerSecond: Math.round(requests / seconds),
    latencyP50Ms: median(rounds.map((round) => round.latencyP50Ms)),
    latencyP99Ms: median(rounds.map((round) => round.latencyP99Ms)),
    latencyAverageMs: median(rounds.map((round) => round.latencyAverageMs)),
    requests,
    failed: rounds.reduce((sum, round) => sum + round.failed, 0),
    // Per request weighted by requests, the busy share by time, as the rate is.
    mainThreadMicrosPerRequest: weighted(
      rounds,
      (round) => round.mainThreadMicrosPerRequest,
      (round) => round.requests,
    ),
    otherThreadsMicrosPerRequest: weighted(
      rounds,
      (round) => round.otherThreadsMicrosPerRequest,
      (round) => round.requests,
    ),
    mainThreadBusy: weighted(
      rounds,
      (round) => round.mainThreadBusy,
      (round) => round.requests / round.requestsPerSecond,
      100,
    ),
    mainThreadWaitingForCpu: weighted(
      rounds,
      (round) => round.mainThreadWaitingForCpu,
      (round) => round.requests / round.requestsPerSecond,
      100,
    ),
    hostStolen: weighted(
      rounds,
      (round) => round.hostStolen,
      (round) => round.requests / round.requestsPerSecond,
      1000,
    ),
  };
}

interface Profile {
  readonly top: { fn: string; selfPercent: number }[];
  readonly areas: { area: string; selfPercent: number }[];
  readonly file: string;
}

/** `node_modules/@nestjs/core/…` → `@nestjs/core`; `…/libs/event-store/src/…` → `libs/event-store`. */
function areaOf(url: string): string {
  if (url === '') return '(native, GC, idle)';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module?.[1] !== undefined) return module[1];
  const source = /\/((?:apps|libs|bench)\/[^/]+(?:\/src\/[^/]+)?)/.exec(url);
  if (source?.[1] !== undefined) return source[1].replace('/src/', '/');
  return url.startsWith('node:') ? 'node (built-in)' : url;
}

/** Samples the CPU while `work` runs and returns the heaviest functions by self time (a cheap profile). */
async function profiled<T>(label: string, work: () => Promise<T>): Promise<{ result: T } & Profile> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  let result: T;
  let profile: {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples?: number[];
  };
  try {
    result = await work();
  } finally {
    profile = (await session.post('Profiler.stop')).profile;
    session.disconnect();
  }
  const file = join(tmpdir(), `pruvodce-bench-api-${label}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfSamples = new Map<string, number>();
  const samples = profile.samples ?? [];
  for (const id of samples) {
    const frame = byNode.get(id)?.callFrame;
    if (frame === undefined) continue;
    const where = frame.url.replace(/^.*\/(node_modules\/)?/, '$1') || '(native)';
    const key = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    selfSamples.set(key, (selfSamples.get(key) ?? 0) + 1);
  }
  const total = Math.max(1, samples.length);
  const percent = (count: number) => Math.round((count / total) * 1000) / 10;
  const top = [...selfSamples.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, 12)
    .map(([fn, count]) => ({ fn, selfPercent: percent(count) }));
  // Self time by package or source folder: where a request's CPU goes, at a glance.
  const byArea = new Map<string, number>();
  for (const id of samples) {
    const area = areaOf(byNode.get(id)?.callFrame.url ?? '');
    byArea.set(area, (byArea.get(area) ?? 0) + 1);
  }
  const areas = [...byArea.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, 12)
    .map(([area, count]) => ({ area, selfPercent: percent(count) }));
  return { result, top, areas, file };
}

export async function run(): Promise<void> {
  // Seed scale, interleaved rounds and seconds per scenario per round.
  const scale = positiveFromEnv('BENCH_SCALE', 1);
  const seconds = positiveFromEnv('BENCH_API_SECONDS', 4);
  const rounds = Math.round(positiveFromEnv('BENCH_API_ROUNDS', 3));
  const profile = process.env.BENCH_API_PROFILE !== '0';
  const dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-bench-api-'));
  // The per-caller mutation rate limit would otherwise measure the throttler, not the write path.
  const config: AppConfig = embeddedBenchConfig(dataDir, JWT_SECRET, { MUTATION_RATE_LIMIT: '1000000' });
  const logger = createLogger('warn', process.stderr);
  let api: RunningApp | null = null;
  let ceiling: { url: string; stop: () => Promise<void> } | null = null;
  try {
    console.error(`api bench: seeding at scale ${scale} into ${dataDir} …`);
    const seeded: SeedSummary = await runSeed(config, logger, {
      seed: 1,
      scale,
      progress: (line) => console.error(line),
    });
    console.error(
      `api bench: seeded ${seeded.requests} mutations, ${seeded.events} events in ${seeded.seconds} s`,
    );

    // Every client(id) waits for its access record's fsync, and the disk's speed does not follow the CPU's:
    // on a VM whose CPU runs fast the ratio falls. The figures make runs on different machines comparable.
    const syncBefore = measureSyncLatency(dataDir);
    api = await startApi(config, logger);
    ceiling = await startCeiling();
    const graphqlUrl = `${api.url}/graphql`;
    const admin = await mintToken(JWT_SECRET, { subject: 'bench-admin', role: 'ADMIN', regions: [] });
    const coordinator = await mintToken(JWT_SECRET, {
      subject: 'bench-coordinator',
      role: 'COORDINATOR',
      regions: ['PRAGUE', 'CENTRAL_BOHEMIA', 'LIBEREC'],
    });
    const clientIds = await seededClientIds(graphqlUrl, admin);
    const consentable = await clientsAcceptingConsent(graphqlUrl, admin, clientIds);
    const nextClient = rotating(clientIds);
    const nextConsentable = rotating(consentable);
    const nextRegion = rotating(['PRAGUE', 'CENTRAL_BOHEMIA', 'LIBEREC']);

    const scenarios: Scenario[] = [
      {
        name: 'ceiling',
        description: 'bare Apollo Server 5 (standalone), `{ ping }`',
        url: ceiling.url,
        body: () => JSON.stringify({ query: '{ ping }' }),
      },
      {
        name: 'clientById',
        description: '`client(id)` with personal fields (appends an access record)',
        url: graphqlUrl,
        token: coordinator,
        body: () => JSON.stringify({ query: CLIENT_BY_ID, variables: { id: nextClient() } }),
      },
      {
        name: 'stackFloor',
        description: 'for reference: `{ __typename }` through our stack (HTTP, Nest, token, Apollo)',
        url: graphqlUrl,
        token: coordinator,
        body: () => JSON.stringify({ query: '{ __typename }' }),
      },
      {
        name: 'clientByIdNoPersonalData',
        description: 'for reference: `client(id)` without personal fields (no access record)',
        url: graphqlUrl,
        token: coordinator,
        body: () => JSON.stringify({ query: CLIENT_BY_ID_NO_PERSONAL_DATA, variables: { id: nextClient() } }),
      },
      {
        name: 'clientsByRegion',
        description: '`clients(filter: { region }, first: 20)`, no personal fields',
        url: graphqlUrl,
        token: coordinator,
        body: () => JSON.stringify({ query: CLIENTS_BY_REGION, variables: { region: nextRegion() } }),
      },
      {
        name: 'giveConsent',
        description: '`giveConsent`, a fresh commandId and consent per request, read-your-writes',
        url: graphqlUrl,
        token: coordinator,
        body: () =>
          JSON.stringify({
            query: GIVE_CONSENT,
            variables: {
              input: {
                commandId: randomUUID(),
                clientId: nextConsentable(),
                purposes: ['PROGRAM_COORDINATION'],
                dataCategories: ['CONTACT'],
                recipients: ['org-bench-partner'],
                lawfulBasis: 'CONSENT',
                givenOn: new Date().toISOString(),
                method: 'ELECTRONIC',
                evidenceRef: 'BENCH-FORM',
                noticeVersion: '2026-01',
                language: 'cs',
              },
            },
          }),
      },
    ];

    // Rounds in turn (ceiling, client(id), …, ceiling, client(id), …): the machine's speed drifts by a quarter
    // within minutes here, and a ratio is only meaningful between figures the same drift touched alike.
    const perRound: ScenarioResult[][] = [];
    for (let round = 1; round <= rounds; round += 1) {
      const results: ScenarioResult[] = [];
      for (const scenario of scenarios) {
        console.error(
          `api bench: round ${round}/${rounds}, ${scenario.name} for ${seconds} s with ${CONNECTIONS} connections …`,
        );
        results.push(await measure(scenario, seconds));
      }
      perRound.push(results);
    }
    const syncAfter = measureSyncLatency(dataDir);
    const results = scenarios.map((scenario) =>
      combineRounds(perRound.map((round) => resultOf(round, scenario.name))),
    );
    // Profiled in a separate, shorter pass: the sampler's overhead must not touch the measured figures.
    const profiles: Record<string, Profile> = {};
    const profiledScenarios = (
      process.env.BENCH_API_PROFILE_SCENARIOS ?? 'clientById,clientsByRegion,giveConsent'
    )
      .split(',')
      .map((name) => name.trim());
    for (const scenario of profile
      ? scenarios.filter((candidate) => profiledScenarios.includes(candidate.name))
      : []) {
      console.error(`api bench: profiling ${scenario.name} for ${PROFILE_SECONDS} s …`);
      const { top, areas, file, result } = await profiled(scenario.name, () =>
        measure(scenario, PROFILE_SECONDS),
      );
      console.error(`api bench: profiled ${scenario.name}: ${result.requests} requests`);
      profiles[scenario.name] = { top, areas, file };
    }

    const perSecond = (name: string) => resultOf(results, name).requestsPerSecond;
    const ceilingRate = perSecond('ceiling');
    const ratio = (name: string) =>
      ceilingRate > 0 ? Math.round((perSecond(name) / ceilingRate) * 1000) / 1000 : null;
    const ratios = {
      clientByIdVsCeiling: ratio('clientById'),
      giveConsentVsCeiling: ratio('giveConsent'),
    };
    /** Not targets: how much of the ceiling our stack leaves before any resolver, and a read without recording. */
    const reference = {
      stackFloorVsCeiling: ratio('stackFloor'),
      clientByIdNoPersonalDataVsCeiling: ratio('clientByIdNoPersonalData'),
    };
    const ratiosPerRound = perRound.map((round) => {
      const ceilingOfRound = resultOf(round, 'ceiling').requestsPerSecond;
      const of = (name: string) =>
        Math.round((resultOf(round, name).requestsPerSecond / ceilingOfRound) * 1000) / 1000;
      return { clientByIdVsCeiling: of('clientById'), giveConsentVsCeiling: of('giveConsent') };
    });
    // A run's ratio is only as good as its rounds agree: the machine's speed drifts between them.
    const spread = (key: keyof (typeof ratiosPerRound)[number]) => {
      const values = ratiosPerRound.map((round) => round[key]);
      return `rounds ${Math.min(...values)}–${Math.max(...values)}`;
    };
    const targetsMet = {
      clientByIdVsCeiling: (ratios.clientByIdVsCeiling ?? 0) >= TARGETS.clientByIdVsCeiling,
      giveConsentVsCeiling: (ratios.giveConsentVsCeiling ?? 0) >= TARGETS.giveConsentVsCeiling,
    };

    console.log(
      formatTable(results, [
        { header: 'scenario', value: (row) => row.description },
        { header: 'req/s', value: (row) => row.requestsPerSecond, align: 'right' },
        { header: 'p50 ms', value: (row) => row.latencyP50Ms, align: 'right' },
        { header: 'p99 ms', value: (row) => row.latencyP99Ms, align: 'right' },
        { header: 'requests', value: (row) => row.requests, align: 'right' },
        { header: 'failed', value: (row) => row.failed, align: 'right' },
        {
          header: 'main thread µs/req',
          value: (row) => row.mainThreadMicrosPerRequest ?? 'n/a',
          align: 'right',
        },
        {
          header: 'other threads µs/req',
          value: (row) => row.otherThreadsMicrosPerRequest ?? 'n/a',
          align: 'right',
        },
        {
          header: 'main thread busy',
          value: (row) => (row.mainThreadBusy === null ? 'n/a' : `${Math.round(row.mainThreadBusy * 100)} %`),
          align: 'right',
        },
        {
          header: 'main thread waiting for a CPU',
          value: (row) =>
            row.mainThreadWaitingForCpu === null
              ? 'n/a'
              : `${Math.round(row.mainThreadWaitingForCpu * 100)} %`,
          align: 'right',
        },
        {
          header: 'CPU taken by the host',
          value: (row) => (row.hostStolen === null ? 'n/a' : `${(row.hostStolen * 100).toFixed(1)} %`),
          align: 'right',
        },
      ]),
    );
    console.log(
      `\nclient(id) / ceiling = ${ratios.clientByIdVsCeiling} (${spread('clientByIdVsCeiling')}; target ≥ ${TARGETS.clientByIdVsCeiling}, ${targetsMet.clientByIdVsCeiling ? 'met' : 'MISSED'}); ` +
        `giveConsent / ceiling = ${ratios.giveConsentVsCeiling} (${spread('giveConsentVsCeiling')}; target ≥ ${TARGETS.giveConsentVsCeiling}, ${targetsMet.giveConsentVsCeiling ? 'met' : 'MISSED'})`,
    );
    console.log(
      `for reference: our stack alone / ceiling = ${reference.stackFloorVsCeiling}; ` +
        `client(id) without personal fields / ceiling = ${reference.clientByIdNoPersonalDataVsCeiling}`,
    );
    console.log(
      `disk: fsync after a 16-KB append ${syncBefore.medianMs} ms median, ${syncBefore.p90Ms} ms p90 before the rounds; ` +
        `${syncAfter.medianMs} and ${syncAfter.p90Ms} ms after them`,
    );
    for (const [name, { top, areas, file }] of Object.entries(profiles)) {
      console.log(`\nCPU profile of the whole process (autocannon included), ${name} (${file}):`);
      console.log('  self time by area:');
      for (const entry of areas)
        console.log(`  ${entry.selfPercent.toFixed(1).padStart(5)} %  ${entry.area}`);
      console.log('  top functions by self time:');
      for (const entry of top) console.log(`  ${entry.selfPercent.toFixed(1).padStart(5)} %  ${entry.fn}`);
    }
    const written = writeBenchResults(NAME, {
      benchmark: NAME,
      measuredAt: new Date().toISOString(),
      machine: describeMachine(),
      loadAverage: loadavg(),
      /** fsync of a 16-KB append in DATA_DIR's file system, before and after the measured rounds. */
      diskSync: { before: syncBefore, after: syncAfter },
      connections: CONNECTIONS,
      rounds,
      secondsPerScenarioPerRound: seconds,
      /** Each round's own ratios, for how much they spread. */
      ratiosPerRound,
      /** Share of the machine's CPU time the host took, per round and scenario (CPU steal on a virtual machine). */
      hostStolenPerRound: perRound.map((round) =>
        Object.fromEntries(round.map((result) => [result.scenario, result.hostStolen])),
      ),
      seed: {
        seed: 1,
        scale,
        seconds: seeded.seconds,
        mutations: seeded.requests,
        events: seeded.events,
        counts: seeded.counts,
      },
      results,
      ratios,
      reference,
      targets: TARGETS,
      targetsMet,
      profiles,
    });
    console.log(`\nwrote ${written}`);
  } finally {
    await ceiling?.stop();
    await api?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
