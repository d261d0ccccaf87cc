import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { openSqliteEventStore, type EventStore } from '@app/event-store';
import { embeddedProjectionStoreFiles } from '@app/read-models';
import { auditStoresOf } from '../../../api/src/audit/audit-stores';
import { auditMain, type AuditMainDeps } from './audit.cli';

function capture() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('npm run audit (the process entry)', () => {
  let directory: string;
  let store: EventStore | null;

  const run = async (argv: string[], env: AuditMainDeps['env']) => {
    const stdout = capture();
    const stderr = capture();
    const openStores = jest.fn<ReturnType<AuditMainDeps['openStores']>, []>(() => {
      store = openSqliteEventStore({ filename: join(directory, 'opened.sqlite') });
      return Promise.resolve({ stores: auditStoresOf({ rawEventStore: store, eventStore: store }), close });
    });
    const close = jest.fn(() => store?.close() ?? Promise.resolve());
    const code = await auditMain({ argv, env, stdout: stdout.stream, stderr: stderr.stream, openStores });
    return {
      code,
      stdout: stdout.text(),
      stderr: stderr.text(),
      opened: openStores.mock.calls.length,
      close,
    };
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'pruvodce-audit-main-'));
    store = null;
  });

  afterEach(async () => {
    await store?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it.each([['verify'], ['consents']])(
    'given an embedded DATA_DIR without an event store, when %s runs, then it refuses before opening anything',
    async (command) => {
      const dataDir = join(directory, 'empty');
      const result = await run([command], { DATA_DIR: dataDir });
      expect(result).toMatchObject({ code: 2, stdout: '', opened: 0 });
      expect(result.stderr).toBe(
        `no event store in DATA_DIR ${dataDir}: point DATA_DIR at the directory the service writes to, or set EVENTSTORE_URL\n`,
      );
      expect(existsSync(dataDir)).toBe(false);
    },
  );

  it('given an empty embedded DATA_DIR, when verify runs, then it leaves the directory empty', async () => {
    const result = await run(['verify'], { DATA_DIR: directory });
    expect(result.code).toBe(2);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('given a DATA_DIR the service wrote to, when verify runs, then it opens the stores and closes them', async () => {
    await openSqliteEventStore({ filename: embeddedProjectionStoreFiles(directory).events }).close();
    const result = await run(['verify'], { DATA_DIR: directory });
    expect(result).toMatchObject({ code: 0, stderr: 'hash chains: 0 streams, 0 broken\n', opened: 1 });
    expect(result.close).toHaveBeenCalledTimes(1);
  });

  it('given EVENTSTORE_URL, when verify runs, then DATA_DIR is not looked at', async () => {
    const result = await run(['verify'], {
      DATA_DIR: join(directory, 'empty'),
      EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false',
    });
    expect(result).toMatchObject({ code: 0, opened: 1 });
  });

  it('given bad usage, when it runs, then usage comes first and nothing is opened', async () => {
    const result = await run(['verify', '--stream', 'nosuch'], { DATA_DIR: join(directory, 'empty') });
    expect(result).toMatchObject({ code: 2, opened: 0 });
    expect(result.stderr).toMatch(/^--stream is not a stream id: .*\nusage: npm run audit/);
  });

  it('given --help, when it runs, then it prints the usage and exits 0 without configuration', async () => {
    const result = await run(['--help'], { LOG_LEVEL: 'bogus' });
    expect(result).toMatchObject({ code: 0, stderr: '', opened: 0 });
    expect(result.stdout).toMatch(/^usage: npm run audit/);
  });

  it('given a bad variable, when it runs, then the variable is named and the exit code is 2', async () => {
    const result = await run(['verify'], { DATA_DIR: directory, LOG_LEVEL: 'bogus' });
    expect(result).toMatchObject({ code: 2, opened: 0 });
    expect(result.stderr).toMatch(/^LOG_LEVEL: expected /);
  });
});
