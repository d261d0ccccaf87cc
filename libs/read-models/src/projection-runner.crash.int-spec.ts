import { openSqliteEventStore } from '@app/event-store';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteDocumentStore } from './adapters/sqlite';
import { ProjectionRunner } from './projection-runner';
import { appendGeneratedEvents, hashCollection, tallyProjection } from './testing/projection-fixtures';

const ROOT = resolve(__dirname, '../../..');
const REGISTER = join(ROOT, 'infra/register.js');
const CHILD = join(__dirname, 'testing/projection-crash.child.ts');
const EVENTS = 50_000;
const KILLS = 20;

function startChild(
  eventsFile: string,
  readModelsFile: string,
): { child: ChildProcess; started: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['-r', REGISTER, CHILD, eventsFile, readModelsFile], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const started = new Promise<void>((resolveStarted) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('started')) resolveStarted();
    });
    child.on('exit', () => resolveStarted());
  });
  const exited = new Promise<number | null>((resolveExit) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(stderr);
      resolveExit(code);
    }),
  );
  return { child, started, exited };
}

describe('ProjectionRunner under SIGKILL', () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'projection-crash-'));
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it(`ends with exactly the documents of a clean build after ${KILLS} kills at random moments`, async () => {
    const eventsFile = join(directory, 'events.sqlite');
    const eventStore = openSqliteEventStore({ filename: eventsFile, synchronous: 'NORMAL' });
    const head = await appendGeneratedEvents(eventStore, EVENTS, 300, 42, 200);

    const cleanStore = new SqliteDocumentStore({ filename: join(directory, 'clean.sqlite') });
    const clean = new ProjectionRunner({
      eventStore,
      documentStore: cleanStore,
      projections: [tallyProjection()],
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    clean.start();
    await clean.waitFor(head, ['tallies'], 60_000);
    await clean.stop();
    const expected = await hashCollection(cleanStore, 'tallies_v1');
    await cleanStore.close();
    await eventStore.close();
    expect(expected.count).toBeGreaterThan(100);

    // Each kill waits for the child's checkpoint to pass a random target short of the head, then a random
    // moment more: the kills land mid-build however fast or loaded the machine is, and some land during
    // start-up, when the target is behind the checkpoint the child resumes from.
    const crashedFile = join(directory, 'crashed.sqlite');
    const checkpointsAtKill: bigint[] = [];
    let probe: SqliteDocumentStore | undefined;
    for (let kill = 0; kill < KILLS; kill++) {
      const { child, started, exited } = startChild(eventsFile, crashedFile);
      let childExited = false;
      void exited.then(() => (childExited = true));
      await started;
      probe ??= new SqliteDocumentStore({ filename: crashedFile });
      const target = (head * BigInt(Math.floor(Math.random() * 900))) / 1000n;
      while (!childExited && ((await probe.getCheckpoint('tallies_v1')) ?? 0n) < target) {
        await new Promise((resolveDelay) => setTimeout(resolveDelay, 1));
      }
      await new Promise((resolveDelay) => setTimeout(resolveDelay, Math.floor(Math.random() * 3)));
      child.kill('SIGKILL');
      expect([null, 0]).toContain(await exited);
      checkpointsAtKill.push((await probe.getCheckpoint('tallies_v1')) ?? 0n);
    }
    await probe?.close();
    const final = startChild(eventsFile, crashedFile);
    expect(await final.exited).toBe(0);

    // Most kills must land mid-build, or the test proves nothing about crashes.
    expect(checkpointsAtKill.filter((position) => position < head).length).toBeGreaterThanOrEqual(KILLS / 2);
    const crashedStore = new SqliteDocumentStore({ filename: crashedFile });
    expect(await crashedStore.getCheckpoint('tallies_v1')).toBe(head);
    expect(await hashCollection(crashedStore, 'tallies_v1')).toEqual(expected);
    await crashedStore.close();
  }, 120_000);
});
