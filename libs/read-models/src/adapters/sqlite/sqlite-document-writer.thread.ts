import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { toPlainWireError } from '@app/platform/ordered-worker';
import {
  PreparedStatements,
  transactionRunner,
  type DocumentWriterReply,
  type DocumentWriterRequest,
  type DocumentWriterThreadData,
} from './sqlite-document-writer';

const port = parentPort;
if (port === null) throw new Error('sqlite-document-writer.thread must run on a worker thread');
const { filename, synchronous, busyTimeoutMs } = workerData as DocumentWriterThreadData;
const db = new Database(filename, { timeout: busyTimeoutMs });
db.pragma('journal_mode = WAL');
db.pragma('wal_autocheckpoint = 10000');
db.pragma(`synchronous = ${synchronous}`);
// Content a write frees inside a page is zeroed (see SqliteDocumentStore).
db.pragma('secure_delete = FAST');
const runAll = transactionRunner(db, new PreparedStatements(db));

port.on('message', (request: DocumentWriterRequest) => {
  if (request.type === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: DocumentWriterReply;
  try {
    reply = { changes: runAll(request.statements) };
  } catch (error) {
    reply = { failure: toPlainWireError(error) };
  }
  port.postMessage(reply);
});
