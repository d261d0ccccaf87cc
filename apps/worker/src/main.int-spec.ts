import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repositoryRoot = join(__dirname, '..', '..', '..');

interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly port?: number;
}

/** `npm run start:worker` as a process: what an operator sees is its exit code and its log lines. */
/** PORT=0 binds any free port; the running line says which. */
function startWorkerProcess(dataDir: string, port: number) {
  const child = spawn(
    process.execPath,
    ['-r', join(repositoryRoot, 'infra/register.js'), 'apps/worker/src/main.ts'],
    {
      cwd: repositoryRoot,
      // Only what selects the embedded default: a developer's EVENTSTORE_URL or REDIS_URL must not leak in.
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = (): LogLine[] =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  return { child, exited, lines, stderr: () => stderr };
}

const running = (lines: readonly LogLine[]): LogLine | undefined =>
  lines.find((line) => line.msg === 'Průvodce worker running');

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm run start:worker', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-worker-main-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given its port in use, when started, then it logs one error naming the port, never "running", and exits 1', async () => {
    const occupier = createServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
    const port = (occupier.address() as AddressInfo).port;
    try {
      const worker = startWorkerProcess(dataDir, port);
      expect(await worker.exited).toBe(1);
      expect(worker.lines().map((line) => line.msg)).not.toContain('Průvodce worker running');
      const errors = worker.lines().filter((line) => line.level === 'error' || line.level === 'fatal');
      expect(errors).toEqual([
        expect.objectContaining({
          port,
          msg: `cannot listen on 127.0.0.1:${port}: the port is already in use`,
        }),
      ]);
      expect(worker.stderr()).toBe('');
    } finally {
      await new Promise<void>((resolve) => occupier.close(() => resolve()));
    }
  });

  it('given a free port, when started, then it says it is running once it answers, and SIGTERM stops it with 0', async () => {
    const worker = startWorkerProcess(dataDir, 0);
    try {
      await waitFor(() => running(worker.lines()) !== undefined, 'the running line');
      const live = await fetch(`http://127.0.0.1:${running(worker.lines())?.port}/health/live`);
      expect(live.status).toBe(200);
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(worker.lines().map((line) => line.msg)).toEqual(
        expect.arrayContaining(['stopping: finishing the work in flight', 'Průvodce worker stopped']),
      );
    } finally {
      worker.child.kill('SIGKILL');
    }
  });
});
