import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { takeQueuedRequests } from '@app/platform/ordered-worker';
import { CommitPacer } from './commit-pacer';
import { readEventLoopBusy } from './event-loop-gauge';
import { configureConnection, type SynchronousMode } from './sqlite-schema';
import {
  SqliteEventWriter,
  toWireError,
  toWireOutcome,
  type QueuedAppend,
  type WireError,
  type WireOutcome,
} from './sqlite-event-writer';

export interface WriterThreadData {
  readonly filename: string;
  readonly synchronous: SynchronousMode;
  readonly busyTimeoutMs: number;
  /** Where the appenders' `EventLoopGauge` publishes how busy their event loop is. */
  readonly appendersLoopBusy: SharedArrayBuffer;
}

export type WriterRequest =
  { readonly type: 'commit'; readonly batch: readonly QueuedAppend[] } | { readonly type: 'close' };

export type WriterReply = { readonly outcomes: readonly WireOutcome[] } | { readonly failure: WireError };

const port = parentPort;
if (port === null) throw new Error('sqlite-event-writer.thread must run on a worker thread');
const { filename, synchronous, busyTimeoutMs, appendersLoopBusy } = workerData as WriterThreadData;
const db = new Database(filename, { timeout: busyTimeoutMs });
configureConnection(db, synchronous);
const writer = new SqliteEventWriter(db, () => new Date());
const pacer = new CommitPacer();
/** Only ever waited on, never notified: `Atomics.wait` on it is a sleep that takes no CPU. */
const pause = new Int32Array(new SharedArrayBuffer(4));

type CommitRequest = Extract<WriterRequest, { type: 'commit' }>;

/**
 * Commit requests that queued up while the previous commit ran are committed together, in one transaction and
 * one fsync, and answered in one message: the store sends each batch as soon as it is queued, and batches
 * form here, from whatever arrived during the last commit, and while appenders are concurrent and their event
 * loop is saturated, during a short wait before this one (`CommitPacer`).
 */
port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    close();
    return;
  }
  const wait = pacer.waitBeforeCommit(performance.now(), readEventLoopBusy(appendersLoopBusy));
  if (wait > 0) Atomics.wait(pause, 0, 0, wait);
  const { queued, last } = takeQueuedRequests<WriterRequest>(port, (next) => next.type === 'close');
  const requests = [request, ...(queued as CommitRequest[])];
  const startedAt = performance.now();
  port.postMessage(commitTogether(requests));
  pacer.committed(requests.length, startedAt, performance.now());
  if (last !== null) close();
});

function commitTogether(requests: readonly CommitRequest[]): WriterReply[] {
  let outcomes: WireOutcome[];
  try {
    outcomes = writer.commit(requests.flatMap((request) => request.batch)).map(toWireOutcome);
  } catch (error) {
    const failure = toWireError(error);
    return requests.map(() => ({ failure }));
  }
  let from = 0;
  return requests.map((request) => {
    const to = from + request.batch.length;
    const reply = { outcomes: outcomes.slice(from, to) };
    from = to;
    return reply;
  });
}

function close(): void {
  db.close();
  port?.close();
}
