import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { MasterKeyMismatchError, openSqliteEventStore, type EventStore } from '@app/event-store';
import { ConfigError } from '@app/platform';
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

  const run = async (
    argv: string[],
    env: AuditMainDeps['env'],
    storeAs: (opened: EventStore) => EventStore = (opened) => opened,
  ) => {
    const stdout = capture();
    const stderr = capture();
    const openStores = jest.fn<ReturnType<AuditMainDeps['openStores']>, []>(() => {
      store = openSqliteEventStore({ filename: join(directory, 'opened.sqlite') });
      const served = storeAs(store);
      return Promise.resolve({ stores: auditStoresOf({ rawEventStore: served, eventStore: served }), close });
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

  it('given a store that cannot be read, when consents runs into a file, then exit 3 (not the 1 of a violation), the file is removed and no message is quoted', async () => {
    await openSqliteEventStore({ filename: embeddedProjectionStoreFiles(directory).events }).close();
    const out = join(directory, 'audit.json');
    const unreadable = Object.assign(new Error('disk I/O error reading Jana Nováková'), {
      code: 'SQLITE_IOERR',
    });
    const failingReads = (opened: EventStore): EventStore =>
      new Proxy(opened, {
        get(target, property, receiver) {
          if (property === 'readAll' || property === 'readStream') return () => Promise.reject(unreadable);
          if (property === 'subscribeToAll')
            return () => {
              throw unreadable;
            };
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function'
            ? (value as (...args: unknown[]) => unknown).bind(target)
            : value;
        },
      });

    const result = await run(['consents', '--out', out], { DATA_DIR: directory }, failingReads);

    expect(result.code).toBe(3);
    expect(result.stderr).toBe('audit could not run (nothing it wrote is complete): Error SQLITE_IOERR\n');
    expect(existsSync(out)).toBe(false);
    expect(result.close).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      'a store that cannot be reached',
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:2113'), { code: 'ECONNREFUSED' }),
      3,
      'audit could not run (nothing it wrote is complete): Error ECONNREFUSED\n',
    ],
    [
      'a master key that opens no stored key',
      new MasterKeyMismatchError('DATA_KEY'),
      3,
      `audit could not run (nothing it wrote is complete): ${new MasterKeyMismatchError('DATA_KEY').message}\n`,
    ],
    [
      'a setting only the runtime checks',
      new ConfigError('DATA_KEY', 'must be set in production (openssl rand -base64 32)'),
      2,
      'DATA_KEY: must be set in production (openssl rand -base64 32)\n',
    ],
  ])(
    'given %s when the stores are opened, then the exit code and one line say so',
    async (_, error, code, line) => {
      await openSqliteEventStore({ filename: embeddedProjectionStoreFiles(directory).events }).close();
      const stderr = capture();
      const result = await auditMain({
        argv: ['verify'],
        env: { DATA_DIR: directory },
        stdout: capture().stream,
        stderr: stderr.stream,
        openStores: () => Promise.reject(error),
      });
      expect(result).toBe(code);
      expect(stderr.text()).toBe(line);
    },
  );

  it('given a value typed without its option, when it runs, then the usage error does not repeat it', async () => {
    const result = await run(['consents', '--client', 'Jana', 'Nováková'], { DATA_DIR: directory });
    expect(result).toMatchObject({ code: 2, opened: 0 });
    expect(result.stderr).toMatch(/^unexpected argument: every value follows its option/);
    expect(result.stderr).not.toMatch(/Nováková/);
  });

  it('given a bad variable, when it runs, then the variable is named and the exit code is 2', async () => {
    const result = await run(['verify'], { DATA_DIR: directory, LOG_LEVEL: 'bogus' });
    expect(result).toMatchObject({ code: 2, opened: 0 });
    expect(result.stderr).toMatch(/^LOG_LEVEL: expected /);
  });
});
