import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const REGISTER = join(ROOT, 'infra/register.js');
const MAIN = join(ROOT, 'apps/api/src/main.ts');

interface RunningProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first log line whose `msg` is `message`. */
  logged(message: string): Promise<Record<string, unknown>>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
}

/** `npm start` as an operator runs it: the API's entry point in a process of its own. */
function startApiProcess(dataDir: string): RunningProcess {
  const child = spawn(process.execPath, ['-r', REGISTER, MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      JWT_SECRET: 'process-e2e-secret-0123456789abcdefghijklmnop',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    lines.push(...complete.filter((line) => line.trim() !== ''));
    listeners.forEach((listener) => listener());
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.on('exit', (code, signal) => resolveExit({ code, signal })),
  );
  const parsed = (): Record<string, unknown>[] =>
    lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const logged = (message: string) =>
    new Promise<Record<string, unknown>>((resolveLine, reject) => {
      const check = (): void => {
        const found = parsed().find((entry) => entry.msg === message);
        if (found !== undefined) {
          listeners.delete(check);
          resolveLine(found);
        }
      };
      listeners.add(check);
      check();
      void exited.then(() => {
        if (listeners.delete(check))
          reject(new Error(`exited before logging "${message}": ${stderr.slice(0, 500)}`));
      });
    });
  return { child, lines, logged, exited, stderr: () => stderr };
}

describe('the API process', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-process-e2e-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'given a running API, when sent %s, then it stops cleanly: exit 0, stores closed, nothing left half-written',
    async (signal) => {
      const api = startApiProcess(dataDir);
      const { url } = (await api.logged('Průvodce API listening')) as { url: string };
      // Something written, so that there is a WAL to close.
      const response = await fetch(String(url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.status).toBe(200);
      expect(readdirSync(dataDir).some((file) => file.endsWith('-wal'))).toBe(true);

      api.child.kill(signal);

      expect(await api.exited).toEqual({ code: 0, signal: null });
      expect(await api.logged('Průvodce API stopped')).toMatchObject({ level: 'info' });
      // SQLite removes a WAL when its last connection closes cleanly.
      expect(readdirSync(dataDir).filter((file) => file.endsWith('-wal'))).toEqual([]);
      expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(true);
    },
  );

  it('given a data directory whose master.key was lost, when started, then it refuses to start, generates no new key and says what to restore', async () => {
    const first = startApiProcess(dataDir);
    await first.logged('Průvodce API listening');
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    rmSync(join(dataDir, 'master.key'));

    const second = startApiProcess(dataDir);

    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.stderr()).toContain(`${join(dataDir, 'master.key')} is missing but`);
    expect(second.stderr()).toContain('restore');
    expect(existsSync(join(dataDir, 'master.key'))).toBe(false);
  });
});
