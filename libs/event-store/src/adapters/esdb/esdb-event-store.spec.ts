import {
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type EventData,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { EventStoreClosedError, WrongExpectedRevisionError } from '../../errors';
import { testMetadata } from '../../testing';
import { ESDB_MAX_APPEND_ATTEMPTS, EsdbEventStore } from './esdb-event-store';
import { esdbStoredEvent } from './esdb-fixtures';
import type { EsdbResolvedEvent } from './esdb-mapping';

/**
 * The adapter's own rules around the client's calls (retries, conflicts, closing), with each call of the client
 * answered as a test scripts it. What the server does is the contract suite's to check, against EventStoreDB.
 */
type Client = Pick<
  EventStoreDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

const STREAM = 'clientAccess-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

async function* resolvedEvents(events: readonly EsdbResolvedEvent[]): AsyncGenerator<EsdbResolvedEvent> {
  for (const event of events) yield await Promise.resolve(event);
}

/** A read the client fails as it does: on the first step of its iteration. */
const failing = (error: Error): AsyncIterable<never> => ({
  [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
});

interface Script {
  /** Answers append number `attempt` (1-based): resolves as the client does, or rejects. */
  readonly append: (attempt: number) => Promise<{ success: boolean; nextExpectedRevision: bigint }>;
  /** The stream as read from the start; every read of the head finds it empty (no stream yet). */
  readonly readFromStart?: () => AsyncIterable<EsdbResolvedEvent>;
  /** The head's revision at read number `read` (1-based) of the head; no stream when absent or null. */
  readonly head?: (read: number) => bigint | null;
}

/** A client whose appends follow `script`, and which reads back whatever was last appended. */
function scriptedClient(script: Script): {
  client: Client;
  appends: EventData[][];
  readOptions: unknown[];
  disposed: () => number;
} {
  const appends: EventData[][] = [];
  const readOptions: unknown[] = [];
  let disposed = 0;
  let headReads = 0;
  const client = {
    appendToStream: async (_stream: string, events: EventData[]) => {
      appends.push(events);
      return script.append(appends.length);
    },
    readStream: (streamName: string, options: { direction: string }) => {
      readOptions.push(options);
      if (options.direction === 'backwards') {
        headReads += 1;
        const revision = script.head?.(headReads) ?? null;
        if (revision === null) return failing(new StreamNotFoundError(undefined, streamName));
        return resolvedEvents([
          { event: esdbStoredEvent({ streamId: streamName, revision }), commitPosition: 2000n + revision },
        ]);
      }
      if (script.readFromStart) return script.readFromStart();
      const last = appends.at(-1) ?? [];
      return resolvedEvents(
        last.map((event, index) => ({
          event: esdbStoredEvent({
            streamId: streamName,
            id: event.id,
            revision: BigInt(index),
            type: event.type,
          }),
          commitPosition: BigInt(1000 + index),
        })),
      );
    },
    readAll: () => resolvedEvents([]),
    subscribeToAll: () => {
      throw new Error('not used');
    },
    dispose: async () => {
      disposed += 1;
    },
  } as unknown as Client;
  return { client, appends, readOptions, disposed: () => disposed };
}

const accessRecord = {
  type: 'ClientPersonalDataAccessed',
  data: { fields: ['name'] },
  metadata: testMetadata(),
};
const conflict = (current: bigint | 'no_stream') =>
  new WrongExpectedVersionError(undefined, { streamName: STREAM, expected: 0n, current });
const succeeded = { success: true, nextExpectedRevision: 0n };

describe('EsdbEventStore append', () => {
  it('given many writers racing for one stream, when an `any` append keeps losing, then it tries again until it wins', async () => {
    const { client, appends } = scriptedClient({
      append: async (attempt) => {
        if (attempt <= 20) throw conflict(BigInt(attempt));
        return succeeded;
      },
    });
    const store = new EsdbEventStore(client);

    const result = await store.append(STREAM, 'any', [accessRecord]);

    expect(appends).toHaveLength(21);
    expect(result.events.map((event) => event.eventId)).toEqual([appends[20]?.[0]?.id]);
  });

  it('given a stream that never frees up, when an `any` append has used all its attempts, then it is refused as a conflict', async () => {
    const { client, appends } = scriptedClient({
      append: async (attempt) => {
        throw conflict(BigInt(attempt));
      },
    });
    const store = new EsdbEventStore(client);

    await expect(store.append(STREAM, 'any', [accessRecord])).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    expect(appends).toHaveLength(ESDB_MAX_APPEND_ATTEMPTS);
  });

  it('given a client that answers a conflict as `success: false` (throwOnAppendFailure=false), then an exact expectation is refused with the revision read again, never read back as a success', async () => {
    const { client, appends } = scriptedClient({
      // Client 6.2.1's batch append answers 1n whatever the stream holds; another writer got there first.
      append: async () => ({ success: false, nextExpectedRevision: 1n }),
      head: (read) => (read === 1 ? null : 4n),
    });
    const store = new EsdbEventStore(client);

    await expect(store.append(STREAM, 'no_stream', [accessRecord])).rejects.toMatchObject({
      code: 'EVENT_STORE.WRONG_EXPECTED_REVISION',
      actual: 4,
    });
    expect(appends).toHaveLength(1);
  });

  it('given a client that answers a conflict as `success: false`, when the append expects `any`, then it is tried again', async () => {
    const { client, appends } = scriptedClient({
      append: async (attempt) => (attempt === 1 ? { success: false, nextExpectedRevision: 0n } : succeeded),
    });
    const store = new EsdbEventStore(client);

    await store.append(STREAM, 'any', [accessRecord]);

    expect(appends).toHaveLength(2);
  });

  it('reads the head and the events it wrote from the leader, whatever node the connection prefers', async () => {
    const { client, readOptions } = scriptedClient({ append: async () => succeeded });
    const store = new EsdbEventStore(client);

    await store.append(STREAM, 'any', [accessRecord]);
    await store.readStream(STREAM);

    expect(readOptions.length).toBeGreaterThanOrEqual(3);
    for (const options of readOptions) expect(options).toMatchObject({ requiresLeader: true });
  });

  it('reads a deleted stream as an empty one, as a stream never written', async () => {
    const { client } = scriptedClient({
      append: async () => succeeded,
      readFromStart: () => failing(StreamDeletedError.fromStreamName(STREAM)),
    });
    const store = new EsdbEventStore(client);

    expect(await store.readStream(STREAM)).toEqual([]);
  });
});

describe('EsdbEventStore close', () => {
  it('given an append under way, when closed, then the client is disposed of only once the append has ended, and the append succeeds', async () => {
    let release: (() => void) | undefined;
    const { client, disposed } = scriptedClient({
      append: () =>
        new Promise((resolve) => {
          release = () => resolve(succeeded);
        }),
    });
    const store = new EsdbEventStore(client);
    const appending = store.append(STREAM, 'any', [accessRecord]);
    await new Promise((resolve) => setImmediate(resolve));

    const closing = store.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(disposed()).toBe(0);
    release?.();

    await expect(appending).resolves.toMatchObject({ events: [expect.anything()] });
    await closing;
    expect(disposed()).toBe(1);
  });

  it('refuses calls once closing, and closes once however often it is asked', async () => {
    const { client, disposed } = scriptedClient({ append: async () => succeeded });
    const store = new EsdbEventStore(client);

    await Promise.all([store.close(), store.close()]);

    await expect(store.append(STREAM, 'any', [accessRecord])).rejects.toBeInstanceOf(EventStoreClosedError);
    await expect(store.readStream(STREAM)).rejects.toBeInstanceOf(EventStoreClosedError);
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreClosedError);
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreClosedError);
    expect(() => store.subscribeToAll()).toThrow(EventStoreClosedError);
    expect(disposed()).toBe(1);
  });
});
