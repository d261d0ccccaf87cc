import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { openSqliteEventStore, type SqliteEventStore } from '@app/event-store';
import { newId } from '@app/platform';
import { auditStoresOf } from '../audit-stores';
import { AuditProgram } from '../testing/audit-program';
import { runAuditCli } from './run-audit-cli';

function capture() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('npm run audit', () => {
  let directory: string;
  let filename: string;
  let store: SqliteEventStore;
  let program: AuditProgram;
  const clientId = newId();
  const consentId = newId();

  const run = async (...argv: string[]) => {
    const stdout = capture();
    const stderr = capture();
    const stores = auditStoresOf({ rawEventStore: store, eventStore: store });
    const code = await runAuditCli(argv, stores, { stdout: stdout.stream, stderr: stderr.stream });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'pruvodce-audit-cli-'));
    filename = join(directory, 'events.sqlite');
    store = openSqliteEventStore({ filename });
    program = new AuditProgram(store);
    await program.register(clientId, 'PRAGUE');
    await program.give(clientId, consentId, ['volunteer-1'], new Date().toISOString());
    await program.disclose(clientId, 'd1', 'volunteer-1');
    await program.disclose(clientId, 'd2', 'volunteer-2');
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('passes a clean store with a one-line summary, and prints the entries as JSON', async () => {
    const result = await run('consents', '--from', '2020-01-01T00:00:00Z', '--to', '2100-01-01T00:00:00Z');
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      'consent audit: 1 clients, 1 disclosures, 1 refusals, 0 violations, 0 late-recorded withdrawals',
    ]);
    const report = JSON.parse(result.stdout) as {
      entries: { disclosureId: string; verdict: string }[];
      summary: object;
    };
    expect(report.entries.map((entry) => [entry.disclosureId, entry.verdict])).toEqual([
      ['d1', 'COVERED_BY_CONSENT'],
      ['d2', 'REFUSED'],
    ]);
    expect(report.summary).toMatchObject({ violations: 0 });
  });

  it('exits non-zero on a planted violation, in CSV and PDF too', async () => {
    await program.plantDisclosure(clientId, 'planted', 'volunteer-2', consentId);
    const csv = await run('consents', '--format', 'csv', '--client', clientId);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toContain('1 violations');
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^kind,disclosureId,clientId,at,/);
    expect(rows.find((row) => row.includes('planted'))).toContain('VIOLATION');
    const pdfFile = join(directory, 'audit.pdf');
    const pdf = await run('consents', '--format', 'pdf', '--out', pdfFile);
    expect(pdf.code).toBe(1);
    expect(readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('verifies the hash chains and exits non-zero on a broken one', async () => {
    const clean = await run('verify');
    expect(clean).toMatchObject({ code: 0, stderr: 'hash chains: 1 streams, 0 broken\n' });
    const tamperer = new Database(filename);
    tamperer.prepare("UPDATE events SET data = json_set(data, '$.recipient', 'x') WHERE revision = 2").run();
    tamperer.close();
    const broken = await run('verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN {2}client-\S+ at revision 2, position \d+: HASH_MISMATCH/);
    expect(broken.stderr).toBe('hash chains: 1 streams, 1 broken\n');
  });

  it('answers bad usage with exit code 2', async () => {
    expect((await run('consents', '--from', 'yesterday')).code).toBe(2);
    expect((await run('consents', '--format', 'pdf')).code).toBe(2);
    expect((await run('explode')).code).toBe(2);
  });

  it('prints the usage on --help and exits 0', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run audit/);
  });

  it('answers a --stream that is not a stream id as bad usage, saying what a stream id looks like', async () => {
    const result = await run('verify', '--stream', 'nosuch');
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr.split('\n')[0]).toBe(
      '--stream is not a stream id: expected <camelCaseCategory>-<id>, e.g. client-<uuid>',
    );
  });

  it('answers a --stream that the store does not hold as an error, never as a pass', async () => {
    const missing = await run('verify', '--stream', `client-${newId()}`);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr.split('\n')[0]).toBe('--stream: the event store holds no such stream');
    const present = await run('verify', '--stream', `client-${clientId}`);
    expect(present).toMatchObject({ code: 0, stderr: 'hash chains: 1 streams, 0 broken\n' });
  });

  it.each([
    [['--from', '2026-01-01T00:00:00Z', '--to', '2025-01-01T00:00:00Z'], '--from must not be after --to'],
    [
      ['--from', '2025-02-30T00:00:00Z'],
      '--from must be an ISO-8601 instant with its offset, e.g. 2026-01-01T00:00:00+01:00',
    ],
    [
      ['--to', '2025-13-45T00:00:00Z'],
      '--to must be an ISO-8601 instant with its offset, e.g. 2026-01-01T00:00:00+01:00',
    ],
    [
      ['--to', '2025-01-01T24:00:00Z'],
      '--to must be an ISO-8601 instant with its offset, e.g. 2026-01-01T00:00:00+01:00',
    ],
    [['--client', 'not an id'], '--client is not a client id'],
    [['--client', newId()], '--client: the event store holds no such client'],
  ])('answers consents %j as bad usage: %s', async (argv, message) => {
    const result = await run('consents', ...argv);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr.split('\n')[0]).toBe(message);
  });

  it('answers --out in a directory that does not exist as bad usage, before auditing anything', async () => {
    const result = await run('consents', '--out', join(directory, 'missing', 'audit.json'));
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr.split('\n')[0]).toBe('--out: the directory does not exist');
  });
});
