import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { takeQueuedRequests } from '@app/platform/ordered-worker';
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
}

export type WriterRequest =
  { readonly type: 'commit'; readonly batch: readonly QueuedAppend[] } | { readonly type: 'close' };

export type WriterReply = { readonly outcomes: readonly WireOutcome[] } | { readonly failure: WireError };

const port = parentPort;
if (port === null) throw new Error('sqlite-event-writer.thread must run on a worker thread');
const { filename, synchronous, busyTimeoutMs } = workerData as WriterThreadData;
const db = new Database(filename, { timeout: busyTimeoutMs });
configureConnection(db, synchronous);
const writer = new SqliteEventWriter(db, () => new Date());

type CommitRequest = Extract<WriterRequest, { type: 'commit' }>;

/**
 * Commit requests that queued up while the previous commit ran are committed together, in one transaction and
 * one fsync, and answered in one message: the store sends each batch as soon as it is queued, and batches
 * form here, from whatever arrived during the last commit. The thread never waits for more before it commits
 * (ADR 22): a wait made every request behind it wait as well, and cost more throughput than the fewer,
 * larger commits saved.
 */
port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    close();
    return;
  }
  const { queued, last } = takeQueuedRequests<WriterRequest>(port, (next) => next.type === 'close');
  const requests = [request, ...(queued as CommitRequest[])];
  port.postMessage(commitTogether(requests));
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
