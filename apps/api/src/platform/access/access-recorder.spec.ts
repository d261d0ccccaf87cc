import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { GraphQLError } from 'graphql';
import { openSqliteEventStore, type SqliteEventStore } from '@app/event-store';
import { createLogger, fixedClock, type Principal } from '@app/platform';
import { AccessRecorder, clientAccessStream, PERSONAL_DATA_ACCESSED } from './access-recorder';
import { requestContextOf } from '../testing/request-context';

const NOW = '2026-03-02T09:15:00.000Z';
const clientId = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const principal: Principal = { subject: 'coordinator-prague', role: 'COORDINATOR', regions: ['PRAGUE'] };
const context = requestContextOf(principal, 'corr-access-1');
const access = { clientId, fields: ['name', 'contact'], operation: 'query client' } as const;

describe('AccessRecorder on the embedded event store', () => {
  let directory: string;
  let filename: string;
  let store: SqliteEventStore;
  let logLines: string[];
  let recorder: AccessRecorder;

  const open = () => openSqliteEventStore({ filename, writerThread: false, busyTimeoutMs: 20 });
  const logged = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
  /** The client's access records as a fresh connection to the file reads them. */
  const recordsOnFile = async () => {
    const reader = open();
    try {
      return await reader.readStream(clientAccessStream(clientId));
    } finally {
      await reader.close();
    }
  };

  /** The refusal the reader gets, with what it and the log say checked for the client and the caller. */
  async function expectDenied(): Promise<void> {
    const failure = await recorder.record(context, access).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphQLError);
    const error = failure as GraphQLError;
    expect(error.extensions).toEqual({ code: 'ACCESS.NOT_RECORDED' });
    expect(error.message).toBe('The read could not be recorded, so it was denied');
    const errors = logged().filter((entry) => entry.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        msg: 'access record could not be written; read denied',
        correlationId: context.correlationId,
        err: expect.any(String),
      }),
    ]);
    for (const text of [JSON.stringify(error.toJSON()), logLines.join('\n')]) {
      expect(text).not.toContain(clientId);
      expect(text).not.toContain(principal.subject);
      expect(text).not.toContain('query client');
    }
  }

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'pruvodce-access-'));
    filename = join(directory, 'events.sqlite');
    store = open();
    logLines = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(...chunk.toString().trim().split('\n'));
        callback();
      },
    });
    recorder = new AccessRecorder(store, fixedClock(NOW), createLogger('info', sink));
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('given a working store, when a read is recorded, then one PersonalDataAccessed with who, which client, which fields, the operation and the request correlation id', async () => {
    await recorder.record(context, access);

    const records = await store.readStream(clientAccessStream(clientId));
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record?.streamId).toBe(`clientAccess-${clientId}`);
    expect(record?.type).toBe(PERSONAL_DATA_ACCESSED);
    expect(record?.data).toEqual({
      clientId,
      fields: ['name', 'contact'],
      operation: 'query client',
      accessedBy: 'coordinator-prague',
      role: 'COORDINATOR',
      accessedAt: NOW,
    });
    expect(record?.metadata).toMatchObject({
      correlationId: 'corr-access-1',
      causationId: null,
      actor: { id: 'coordinator-prague', role: 'COORDINATOR' },
      occurredAt: NOW,
    });
    expect(logged().filter((entry) => entry.level === 'error')).toEqual([]);
  });

  it('given a closed store, when a read is recorded, then it is denied with ACCESS.NOT_RECORDED, nothing is recorded and the log holds neither client nor caller', async () => {
    await store.close();

    await expectDenied();

    expect(logged().find((entry) => entry.level === 'error')?.err).toBe('EventStoreClosedError');
    expect(await recordsOnFile()).toEqual([]);
  });

  it('given another connection holding the write lock, when a read is recorded, then it is denied, nothing is recorded, and the next read once the lock is gone is recorded', async () => {
    const other = new Database(filename);
    try {
      other.exec('BEGIN IMMEDIATE');

      await expectDenied();

      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
    expect(await recordsOnFile()).toEqual([]);

    await recorder.record(context, access);
    expect(await recordsOnFile()).toHaveLength(1);
  });

  it('given no signed-in caller, when a read is recorded, then UNAUTHENTICATED and nothing is recorded', async () => {
    await expect(recorder.record({ ...context, principal: null }, access)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(await store.readStream(clientAccessStream(clientId))).toEqual([]);
  });
});
