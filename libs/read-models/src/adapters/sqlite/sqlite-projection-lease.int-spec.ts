import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeProjectionLeaseContract } from '../../testing/projection-lease.contract';
import { SqliteProjectionLease } from './sqlite-projection-lease';

const ROOT = resolve(__dirname, '../../../../..');
const REGISTER = join(ROOT, 'infra/register.js');
const HOLDER = join(__dirname, '../../testing/lease-holder.child.ts');

const directory = mkdtempSync(join(tmpdir(), 'sqlite-lease-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const open: SqliteProjectionLease[] = [];
const leaseFile = join(directory, 'projections.lease');

describeProjectionLeaseContract(
  'SQLite',
  (key, ttlMs) => {
    const events: string[] = [];
    const lease = new SqliteProjectionLease({
      filename: leaseFile,
      name: key,
      ttlMs,
      onEvent: (event) => events.push(event.kind),
    });
    open.push(lease);
    // Its renewals fail from now on, and the row stays until it expires: a process that hangs, or a host gone.
    return { lease, events, die: () => (lease as unknown as { db: { close(): void } }).db.close() };
  },
  async () => {
    for (const lease of open.splice(0)) await lease.close();
  },
);

describe('SqliteProjectionLease', () => {
  afterEach(async () => {
    for (const lease of open.splice(0)) await lease.close();
  });

  it('given a holder on this host killed without releasing, when another process asks, then it takes over at once, long before the lease expires', async () => {
    const ttlMs = 60_000;
    const child = spawn(
      process.execPath,
      ['-r', REGISTER, HOLDER, leaseFile, 'crashed-holder', String(ttlMs)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise((resolveExit) => child.on('exit', resolveExit));
    await new Promise<void>((resolveHeld, reject) => {
      child.stdout?.on('data', (chunk: Buffer) =>
        chunk.toString().startsWith('held') ? resolveHeld() : reject(new Error(chunk.toString())),
      );
    });
    const contender = new SqliteProjectionLease({
      filename: leaseFile,
      name: 'crashed-holder',
      ttlMs,
      renewEveryMs: 100,
    });
    open.push(contender);
    // While the holder runs, the lease is its own.
    expect(await contender.acquire(AbortSignal.timeout(500))).toBeNull();

    child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    const held = await contender.acquire(AbortSignal.timeout(5_000));
    expect(held).not.toBeNull();
    expect(Date.now() - killedAt).toBeLessThan(1_000);
  });

  it('given a lease released by a closing holder, when the file is reopened, then it is free', async () => {
    const first = new SqliteProjectionLease({ filename: leaseFile, name: 'closing-holder' });
    await first.acquire(new AbortController().signal);
    await first.close();
    const second = new SqliteProjectionLease({ filename: leaseFile, name: 'closing-holder' });
    open.push(second);
    expect(await second.acquire(AbortSignal.timeout(500))).not.toBeNull();
  });
});
