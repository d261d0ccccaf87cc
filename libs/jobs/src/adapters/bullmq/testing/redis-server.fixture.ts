import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { isRedisReachable } from '../../../testing/redis-test-support';
import { waitFor } from '../../../testing/wait-for';

export const isRedisServerInstalled = (): boolean => spawnSync('redis-server', ['--version']).status === 0;

/** A port that was free a moment ago; good enough for a test on loopback. */
export function spareLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A private `redis-server` on loopback that writes every command to its append-only file before answering, so
 * that a stop and restart on the same directory loses nothing acknowledged.
 */
export class OwnRedisServer {
  private process: ChildProcess | undefined;

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    await waitFor(
      'redis-server to accept connections',
      () => isRedisReachable({ url: this.url, address: `127.0.0.1:${this.port}` }, 300),
      10_000,
      100,
    );
  }

  /** SIGTERM by pid: Redis flushes its append-only file and exits. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }
}
