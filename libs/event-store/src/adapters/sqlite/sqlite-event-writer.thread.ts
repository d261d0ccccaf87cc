import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
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

port.on('message', (request: WriterRequest) => {
  if (request.type === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    reply = { outcomes: writer.commit(request.batch).map(toWireOutcome) };
  } catch (error) {
    reply = { failure: toWireError(error) };
  }
  port.postMessage(reply);
});
