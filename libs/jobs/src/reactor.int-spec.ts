import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openSqliteEventStore,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '@app/event-store';
import { newId } from '@app/platform';
import { InProcessJobQueue } from './adapters/in-process/in-process-job-queue';
import type { CheckpointStore } from './checkpoint-store';
import type { EnqueueOptions, EnqueueResult, JobPayload, JobQueue } from './job-queue.port';
import { reactorJobId, startReactor, type Reactor, type RunningReactor } from './reactor';
import { openSqliteCheckpointStore, type SqliteCheckpointStore } from './sqlite-checkpoint-store';
import { waitFor } from './testing/wait-for';

const event = (type: string, data: Record<string, string>): EventToAppend => ({
  type,
  data,
  metadata: {
    commandId: newId(),
    correlationId: newId(),
    causationId: null,
    actor: { id: 'coordinator-1', role: 'COORDINATOR' },
    occurredAt: '2026-01-01T00:00:00.000Z',
    schemaVersion: 1,
  },
});

/** Issues a certificate when a match is completed; ignores everything else. */
const certificateReactor: Reactor = {
  name: 'certificates',
  filter: { eventTypes: ['MatchCompleted'] },
  react: (recorded: RecordedEvent) => [{ name: 'issueCertificate', payload: { matchId: recorded.streamId } }],
};

/** Records every enqueue so that tests can tell a replayed enqueue from a new job. */
class RecordingQueue {
  readonly calls: { jobId: string | undefined; status: EnqueueResult['status'] }[] = [];
  constructor(private readonly inner: JobQueue) {}
  asQueue(): JobQueue {
    return Object.assign(Object.create(this.inner) as JobQueue, {
      enqueue: async (name: string, payload: JobPayload, options?: EnqueueOptions) => {
        const result = await this.inner.enqueue(name, payload, options);
        this.calls.push({ jobId: options?.jobId, status: result.status });
        return result;
      },
    });
  }
}

describe('reactor over the SQLite event store', () => {
  let dir: string;
  let store: EventStore;
  let checkpoints: SqliteCheckpointStore;
  let queue: InProcessJobQueue;
  let issued: string[];
  const running: RunningReactor[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jobs-reactor-'));
    store = openSqliteEventStore({ filename: join(dir, 'events.db'), pollIntervalMs: 20 });
    checkpoints = openSqliteCheckpointStore({ filename: join(dir, 'events.db') });
    queue = new InProcessJobQueue();
    issued = [];
    await queue.process('issueCertificate', async (job) => {
      issued.push(job.id);
    });
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((reactor) => reactor.stop()));
    await queue.close();
    checkpoints.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (
    reactorQueue: JobQueue,
    checkpointStore: CheckpointStore = checkpoints,
    onError?: (error: unknown) => void,
  ): RunningReactor => {
    const reactor = startReactor({
      reactor: certificateReactor,
      store,
      queue: reactorQueue,
      checkpoints: checkpointStore,
      retryDelayMs: 20,
      onError,
    });
    running.push(reactor);
    return reactor;
  };

  it('enqueues one job per matching event with a deterministic id and checkpoints after it', async () => {
    const matchA = `match-${newId()}`;
    const matchB = `match-${newId()}`;
    await store.append(matchA, 'no_stream', [event('MatchProposed', { matchId: matchA })]);
    const completedA = await store.append(matchA, 0, [event('MatchCompleted', { matchId: matchA })]);
    const reactor = start(queue);
    await reactor.waitForPosition(completedA.position);
    const completedB = await store.append(matchB, 'no_stream', [
      event('MatchCompleted', { matchId: matchB }),
    ]);
    await reactor.waitForPosition(completedB.position);

    await waitFor('both certificates', () => issued.length === 2);
    expect(issued).toEqual([
      reactorJobId('issueCertificate', matchA, completedA.position),
      reactorJobId('issueCertificate', matchB, completedB.position),
    ]);
    expect(await checkpoints.get('certificates')).toBe(completedB.position);
  });

  it('resumes from its checkpoint after a restart and enqueues only what is new', async () => {
    const recording = new RecordingQueue(queue);
    const matchA = `match-${newId()}`;
    const first = await store.append(matchA, 'no_stream', [event('MatchCompleted', { matchId: matchA })]);
    const before = start(recording.asQueue());
    await before.waitForPosition(first.position);
    await before.stop();

    const matchB = `match-${newId()}`;
    const second = await store.append(matchB, 'no_stream', [event('MatchCompleted', { matchId: matchB })]);
    const after = start(recording.asQueue());
    await after.waitForPosition(second.position);

    expect(recording.calls).toEqual([
      { jobId: reactorJobId('issueCertificate', matchA, first.position), status: 'enqueued' },
      { jobId: reactorJobId('issueCertificate', matchB, second.position), status: 'enqueued' },
    ]);
    await waitFor('both certificates', () => issued.length === 2);
  });

  it('replays an event whose checkpoint was not stored, and the queue drops the duplicate job', async () => {
    const recording = new RecordingQueue(queue);
    // The checkpoint write fails once: the crash window between enqueue and checkpoint.
    let failNextSet = true;
    const flakyCheckpoints: CheckpointStore = {
      get: (name) => checkpoints.get(name),
      set: async (name, position) => {
        if (failNextSet) {
          failNextSet = false;
          throw new Error('CHECKPOINT.WRITE_FAILED');
        }
        await checkpoints.set(name, position);
      },
    };
    const errors: unknown[] = [];
    const match = `match-${newId()}`;
    const completed = await store.append(match, 'no_stream', [event('MatchCompleted', { matchId: match })]);
    const reactor = start(recording.asQueue(), flakyCheckpoints, (error) => errors.push(error));
    await reactor.waitForPosition(completed.position);
    await waitFor('the certificate', () => issued.length === 1);

    const jobId = reactorJobId('issueCertificate', match, completed.position);
    expect(errors).toHaveLength(1);
    expect(recording.calls).toEqual([
      { jobId, status: 'enqueued' },
      { jobId, status: 'duplicate' },
    ]);
    expect(issued).toEqual([jobId]);
    expect(await checkpoints.get('certificates')).toBe(completed.position);
  });

  it('replaying the whole log from scratch issues nothing twice', async () => {
    const matches = Array.from({ length: 5 }, () => `match-${newId()}`);
    let last = 0n;
    for (const match of matches)
      last = (await store.append(match, 'no_stream', [event('MatchCompleted', { matchId: match })])).position;
    const first = start(queue);
    await first.waitForPosition(last);
    await first.stop();

    const forgetful: CheckpointStore = { get: async () => null, set: async () => undefined };
    const recording = new RecordingQueue(queue);
    const replay = startReactor({
      reactor: certificateReactor,
      store,
      queue: recording.asQueue(),
      checkpoints: forgetful,
    });
    running.push(replay);
    await waitFor('the replay to reach the end', () => recording.calls.length === matches.length);

    expect(recording.calls.every((call) => call.status === 'duplicate')).toBe(true);
    await waitFor('five certificates', () => issued.length === 5);
    expect(new Set(issued).size).toBe(5);
  });
});
