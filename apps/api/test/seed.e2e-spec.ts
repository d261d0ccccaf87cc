import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, loadConfig, mintToken, type AppConfig } from '@app/platform';
import { startApi, type RunningApp } from '../src/bootstrap';
import { planProgram } from '../src/cli/seed/program-planner';
import {
  runSeed,
  SeedNotEmbeddedError,
  StoreNotEmptyError,
  type SeedSummary,
} from '../src/cli/seed/seed-runner';

const JWT_SECRET = 'seed-e2e-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const TODAY = '2026-11-20';
/** Small and short, so the spec stays quick: a tenth of the program over half a year. */
const SMALL = { seed: 7, scale: 0.06, years: 0.5, today: TODAY, concurrency: 8 } as const;

const VOLUNTEERS = `{ volunteers(first: 100) { totalCount edges { node { id name status } } } }`;
const CLIENTS = `{ clients(first: 100) { totalCount edges { node { id name status } } } }`;
const MATCHES = `{ matches(first: 100) { totalCount edges { node { id status acceptedOn endedOn
  meetings { date status hours } contactDisclosure { outcome } } } } }`;
const SESSIONS = `{ programSessions(first: 100) { totalCount edges { node { id } } } }`;

interface Edges<Node> {
  readonly totalCount: number;
  readonly edges: readonly { readonly node: Node }[];
}

describe('npm run seed', () => {
  let dataDir: string;
  let config: AppConfig;
  let summary: SeedSummary;
  const logger = createLogger('error', new Writable({ write: (_chunk, _encoding, done) => done() }));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-seed-'));
    config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', JWT_SECRET });
    summary = await runSeed(config, logger, SMALL);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function withApp<T>(read: (gql: (query: string) => Promise<any>) => Promise<T>): Promise<T> {
    const running: RunningApp = await startApi(config, logger);
    try {
      const token = await mintToken(JWT_SECRET, { subject: 'seed-e2e', role: 'ADMIN', regions: [] });
      return await read(async (query) => {
        const response = await fetch(`${running.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query }),
        });
        const body = (await response.json()) as { data?: unknown; errors?: unknown };
        expect(body.errors).toBeUndefined();
        return body.data;
      });
    } finally {
      await running.close();
    }
  }

  it('sends every planned mutation and reports what it recorded', () => {
    const plan = planProgram(SMALL);
    expect(summary.requests).toBe(plan.operations);
    expect(summary.rejected).toEqual({});
    expect(summary.counts).toEqual(plan.counts);
    expect(summary.events).toBeGreaterThan(summary.requests);
    expect(summary.counts.matchesAccepted).toBeGreaterThan(0);
    expect(summary.counts.meetings).toBeGreaterThan(0);
    expect(summary.counts.sessions).toBeGreaterThan(0);
  });

  it('leaves a store whose queries show the generated program, every date in the past', async () => {
    const { volunteers, clients, matches, sessions } = await withApp(async (gql) => ({
      volunteers: ((await gql(VOLUNTEERS)) as { volunteers: Edges<{ name: string; status: string }> })
        .volunteers,
      clients: ((await gql(CLIENTS)) as { clients: Edges<{ name: string; status: string }> }).clients,
      matches: (
        (await gql(MATCHES)) as {
          matches: Edges<{
            status: string;
            acceptedOn: string | null;
            meetings: { date: string; status: string }[];
            contactDisclosure: { outcome: string } | null;
          }>;
        }
      ).matches,
      sessions: ((await gql(SESSIONS)) as { programSessions: Edges<{ id: string }> }).programSessions,
    }));
    expect(volunteers.totalCount).toBe(summary.counts.volunteers);
    expect(volunteers.edges.filter(({ node }) => node.status === 'ACTIVE').length).toBeGreaterThan(0);
    expect(clients.totalCount).toBe(summary.counts.clients);
    expect(matches.totalCount).toBe(summary.counts.matchesProposed);
    expect(sessions.totalCount).toBe(summary.counts.sessions);

    const names = [...volunteers.edges, ...clients.edges].map(({ node }) => node.name);
    expect(names.some((name) => /[^ -~]/.test(name))).toBe(true);

    const meetings = matches.edges.flatMap(({ node }) => node.meetings);
    expect(meetings).toHaveLength(summary.counts.meetings);
    expect(meetings.every((meeting) => meeting.date <= TODAY)).toBe(true);
    expect(meetings.filter((meeting) => meeting.status === 'APPROVED').length).toBeGreaterThan(
      meetings.length / 2,
    );
    const accepted = matches.edges.filter(({ node }) => node.acceptedOn !== null);
    expect(accepted).toHaveLength(summary.counts.matchesAccepted);
    expect(
      accepted.every(({ node }) => (node.acceptedOn ?? '') <= TODAY && node.contactDisclosure !== null),
    ).toBe(true);
  });

  it('refuses a store that already holds events, appending nothing', async () => {
    const head = async () => {
      const running = await startApi(config, logger);
      try {
        return await running.runtime.eventStore.headPosition();
      } finally {
        await running.close();
      }
    };
    const before = await head();
    expect(before).toBeGreaterThan(0n);
    const lines: string[] = [];
    const listening = createLogger(
      'info',
      new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    await expect(runSeed(config, listening, SMALL)).rejects.toBeInstanceOf(StoreNotEmptyError);
    expect(await head()).toBe(before);
    // Refused before the API (and its worker's start-up sweeps) ran on the seed's simulated clock.
    expect(lines.join('')).not.toContain('worker started');
  });

  it.each([
    ['EVENTSTORE_URL', 'esdb://127.0.0.1:2113?tls=false'],
    ['MONGO_URL', 'mongodb://127.0.0.1:27017/app'],
  ])(
    'refuses to seed when %s is set: the seed writes invented people to the embedded default only',
    async (variable, url) => {
      const elsewhere = mkdtempSync(join(tmpdir(), 'pruvodce-seed-elsewhere-'));
      try {
        const configured = loadConfig({
          DATA_DIR: elsewhere,
          PORT: '0',
          HOST: '127.0.0.1',
          JWT_SECRET,
          [variable]: url,
        });
        await expect(runSeed(configured, logger, SMALL)).rejects.toBeInstanceOf(SeedNotEmbeddedError);
        expect(readdirSync(elsewhere)).toEqual([]);
      } finally {
        rmSync(elsewhere, { recursive: true, force: true });
      }
    },
  );

  it('with --force re-sends the same seed as the same commands: nothing is recorded twice', async () => {
    const again = await runSeed(config, logger, { ...SMALL, force: true });
    expect(again.events).toBe(0);
    // Only the pre-checks that read today's state may refuse a re-sent command (an attendee who has since left).
    const rejected = Object.values(again.rejected).reduce((sum, count) => sum + count, 0);
    expect(rejected).toBeLessThan(summary.requests * 0.05);
    expect(again.requests).toBeGreaterThan(summary.requests * 0.9);
  });

  it('plans the same program for the same seed, and another for another seed', () => {
    const fingerprint = (seed: number) =>
      planProgram({ ...SMALL, seed }).days.map(
        (day) =>
          `${day.date}:${day.chains.map((chain) => chain.map((op) => `${op.verb}/${op.commandId}`).join(',')).join(';')}`,
      );
    expect(fingerprint(7)).toEqual(fingerprint(7));
    expect(fingerprint(8)).not.toEqual(fingerprint(7));
  });
});
