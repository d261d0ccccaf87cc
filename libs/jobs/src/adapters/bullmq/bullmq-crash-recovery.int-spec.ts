import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deleteKeysWithPrefix, describeWithRedis, uniqueTestPrefix } from '../../testing/redis-test-support';
import { sleep, waitFor } from '../../testing/wait-for';
import { BullMqJobQueue } from './bullmq-job-queue';
import { EffectLedger } from './testing/effect-ledger.fixture';
import { OwnRedisServer, isRedisServerInstalled, spareLoopbackPort } from './testing/redis-server.fixture';

const repositoryRoot = resolve(__dirname, '../../../../..');
const registerHook = join(repositoryRoot, 'infra/register.js');

/** Resolves with the first stdout line that matches, from a child that writes line-oriented messages. */
function nextLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`child did not print ${String(pattern)} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((candidate) => pattern.test(candidate));
      if (line === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolveLine(line);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with ${String(code)} before printing ${String(pattern)}`));
    });
  });
}

describeWithRedis('BullMQ crash recovery', (redis) => {
  const runPrefix = uniqueTestPrefix('crash');
  let dir: string;
  let ledger: EffectLedger;
  const queues: BullMqJobQueue[] = [];
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobs-crash-'));
    ledger = new EffectLedger(join(dir, 'ledger.db'));
  });

  afterEach(async () => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(queues.splice(0).map((queue) => queue.close({ drain: false })));
    ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await deleteKeysWithPrefix(redis.url, runPrefix);
  });

  it('retries a job whose worker was killed mid-job, and its effect happens once', async () => {
    const prefix = `${runPrefix}-kill`;
    const lockDurationMs = 1_000;
    const producer = new BullMqJobQueue({ connection: { url: redis.url }, prefix });
    queues.push(producer);
    await producer.enqueue('applyEffect', { effectId: 'effect-1' }, { jobId: 'applyEffect:match-1:1' });

    const child = spawn(
      process.execPath,
      ['-r', registerHook, 'libs/jobs/src/adapters/bullmq/testing/crash-worker.fixture.ts'],
      {
        cwd: repositoryRoot,
        env: {
          ...process.env,
          REDIS_URL: redis.url,
          QUEUE_PREFIX: prefix,
          LEDGER_FILE: join(dir, 'ledger.db'),
          LOCK_DURATION_MS: String(lockDurationMs),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(child);
    await nextLine(child, /^EFFECT_APPLIED applyEffect:match-1:1$/, 20_000);
    const killed = new Promise((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGKILL');
    await killed;
    expect((await producer.counts())['applyEffect']).toMatchObject({ active: 1, completed: 0 });

    const survivor = new BullMqJobQueue({
      connection: { url: redis.url },
      prefix,
      lockDurationMs,
      stalledIntervalMs: 500,
    });
    queues.push(survivor);
    await survivor.process<{ effectId: string }>('applyEffect', async (job) => {
      ledger.apply(job.payload.effectId, job.id, job.attempt);
    });
    await waitFor(
      'the stalled job to be retried and completed',
      async () => (await survivor.counts())['applyEffect']?.completed === 1,
      15_000,
    );

    const executions = ledger.executions();
    expect(executions).toHaveLength(2);
    expect(new Set(executions.map((execution) => execution.pid))).toEqual(new Set([child.pid, process.pid]));
    expect(ledger.effects()).toEqual([{ effect_id: 'effect-1', job_id: 'applyEffect:match-1:1' }]);
    expect(await survivor.failedJobs('applyEffect')).toEqual([]);
  });

  const describeWithRedisServer = isRedisServerInstalled() ? describe : describe.skip;
  if (!isRedisServerInstalled())
    console.log('BullMQ Redis-restart test skipped: redis-server is not installed');

  describeWithRedisServer('with its own redis-server', () => {
    let server: OwnRedisServer | undefined;

    afterEach(async () => {
      await Promise.all(queues.splice(0).map((queue) => queue.close({ drain: false })));
      await server?.stop();
      server = undefined;
    });

    it('loses no job when Redis restarts while jobs are queued and running, and applies each effect once', async () => {
      server = new OwnRedisServer(await spareLoopbackPort(), dir);
      await server.start();
      const errors: Error[] = [];
      const queue = new BullMqJobQueue({
        connection: { url: server.url },
        prefix: `${runPrefix}-restart`,
        lockDurationMs: 2_000,
        stalledIntervalMs: 1_000,
        maxStalledCount: 5,
        onError: (error) => errors.push(error),
      });
      queues.push(queue);
      const total = 40;
      for (let i = 0; i < total; i += 1) {
        await queue.enqueue(
          'applyEffect',
          { effectId: `effect-${i}` },
          {
            jobId: `applyEffect:entity-${i}:${i + 1}`,
            attempts: 5,
            backoff: { type: 'exponential', delayMs: 100 },
          },
        );
      }
      await queue.process<{ effectId: string }>(
        'applyEffect',
        async (job) => {
          await sleep(60);
          ledger.apply(job.payload.effectId, job.id, job.attempt);
        },
        { concurrency: 2 },
      );
      await waitFor('some jobs to complete', () => ledger.effects().length >= 6, 10_000);

      await server.stop();
      const appliedWhileStopping = ledger.effects().length;
      expect(appliedWhileStopping).toBeLessThan(total);
      await sleep(500);
      await server.start();

      await waitFor(
        'every job to complete after the restart',
        async () => (await queue.counts())['applyEffect']?.completed === total,
        40_000,
        100,
      );
      const effects = ledger.effects();
      expect(effects).toHaveLength(total);
      expect(effects.map((effect) => effect.job_id).sort()).toEqual(
        Array.from({ length: total }, (_, i) => `applyEffect:entity-${i}:${i + 1}`).sort(),
      );
      expect((await queue.counts())['applyEffect']).toMatchObject({
        failed: 0,
        waiting: 0,
        active: 0,
        delayed: 0,
      });
    });
  });
});
