import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  jsonEvent,
  type EventData,
} from '@eventstore/db-client';
import { newId } from '@app/platform/ids';
import { DuplicateEventIdError, EventStoreClosedError, WrongExpectedRevisionError } from '../../errors';
import { GENESIS_HASH, chainMetadata, chainedMetadataFields } from '../../hash-chain';
import type {
  AppendResult,
  EventMetadataInput,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../../port';
import { assertValidEvents, assertValidExpectedRevision, assertValidStreamId } from '../../validation';
import {
  appendConflict,
  appendRevisionFor,
  assertCount,
  assertPosition,
  isStreamNotFound,
  parseInstant,
  retriesOnConflict,
  revisionMatches,
  serverFilterFor,
  storedMetadata,
  toEsdbPosition,
  toRecordedEvent,
  toRecordedEventFromAll,
  type EsdbResolvedEvent,
} from './esdb-mapping';
import { EsdbSubscription } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://eventstore:2113?tls=false`; credentials and TLS settings come from the connection string. */
  readonly connectionString: string;
}

/** `readAll` without `maxCount` returns at most this many events (as the SQLite adapter does). */
export const ESDB_DEFAULT_READ_ALL_PAGE_SIZE = 1000;
/**
 * Attempts of an `any`/`stream_exists` append that keeps losing the race for the stream head. Each round of a
 * race has one winner, so this is about how many writers one stream can take at once: an access record is
 * appended to the client's access stream by every read of that client, and ten coordinators opening the same
 * client would have used up ten attempts.
 */
export const ESDB_MAX_APPEND_ATTEMPTS = 50;
const MAX_BACKOFF_MS = 50;
const READ_PAGE_SIZE = 500;

interface StreamHead {
  readonly revision: number;
  readonly hash: string;
  readonly position: bigint;
}

/** An event as it will be stored: id fixed, data copied, metadata reduced to the hashed fields. */
interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadataInput;
}

const backoff = (attempt: number): Promise<void> =>
  new Promise((resolve) =>
    setTimeout(resolve, Math.min(MAX_BACKOFF_MS, Math.floor(Math.random() * 10 * attempt) + attempt)),
  );

/**
 * The production EventStore on EventStoreDB. Each stream carries a hash chain, so every append reads the
 * stream's last event, links the new events to its hash and appends under the exact revision it read; a
 * concurrent writer therefore makes the append fail instead of forking the chain (and `any`/`stream_exists`
 * appends read and try again, a bounded number of times). Positions are commit positions: increasing, with gaps.
 */
export class EsdbEventStore implements EventStore {
  private closing: Promise<void> | undefined;
  private readonly subscriptions = new Set<EsdbSubscription>();
  /** Calls under way, which `close` waits for: disposing of the client cuts a read short without an error. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly client: Pick<
      EventStoreDBClient,
      'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
    >,
  ) {}

  append(
    streamId: string,
    expected: ExpectedRevision,
    events: readonly EventToAppend[],
  ): Promise<AppendResult> {
    return this.track(() => this.appendNow(streamId, expected, events));
  }

  private async appendNow(
    streamId: string,
    expected: ExpectedRevision,
    events: readonly EventToAppend[],
  ): Promise<AppendResult> {
    assertValidStreamId(streamId);
    assertValidExpectedRevision(expected);
    assertValidEvents(events);
    const prepared = events.map((event): PreparedEvent => ({
      eventId: event.eventId ?? newId(),
      type: event.type,
      // A copy as JSON gives it back: later changes by the caller cannot reach what is hashed and stored.
      data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
      metadata: chainedMetadataFields(event.metadata),
    }));
    for (let attempt = 1; ; attempt += 1) {
      const head = await this.readHead(streamId);
      const actual = head?.revision ?? null;
      if (!revisionMatches(expected, actual))
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      if (prepared.length === 0) {
        return { nextExpectedRevision: actual ?? -1, position: head?.position ?? 0n, events: [] };
      }
      const toStore = chainEvents(streamId, head, prepared);
      const outcome = await this.client
        .appendToStream(streamId, toStore, { expectedRevision: appendRevisionFor(expected, actual) })
        .catch((error: unknown) => ({ error }));
      const conflict = appendConflict(outcome);
      if (conflict !== null) {
        if (!retriesOnConflict(expected) || attempt >= ESDB_MAX_APPEND_ATTEMPTS) {
          const actualNow =
            conflict.actual === 'unknown'
              ? ((await this.readHead(streamId))?.revision ?? null)
              : conflict.actual;
          throw new WrongExpectedRevisionError(streamId, expected, actualNow);
        }
        await backoff(attempt);
        continue;
      }
      return this.readBackAppended(streamId, (actual ?? -1) + 1, prepared);
    }
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return this.track(() => this.readStreamNow(streamId, options));
  }

  private async readStreamNow(streamId: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    assertValidStreamId(streamId);
    assertCount('fromRevision', options.fromRevision);
    assertCount('maxCount', options.maxCount);
    assertPosition('toPosition', options.toPosition);
    const recordedAtOrBefore = parseInstant('recordedAtOrBefore', options.recordedAtOrBefore);
    const limit = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const result: RecordedEvent[] = [];
    let nextRevision = options.fromRevision ?? 0;
    // Revision order is also position and recorded-time order within a stream, so the as-of bounds cut a prefix.
    while (result.length < limit) {
      const pageSize = Math.min(READ_PAGE_SIZE, limit - result.length);
      const page = await this.readStreamPage(streamId, nextRevision, pageSize);
      for (const event of page) {
        if (options.toPosition !== undefined && event.position > options.toPosition) return result;
        if (recordedAtOrBefore !== undefined && Date.parse(event.recordedAt) > recordedAtOrBefore)
          return result;
        result.push(event);
      }
      const last = page[page.length - 1];
      if (last === undefined || page.length < pageSize) return result;
      nextRevision = last.revision + 1;
    }
    return result;
  }

  streamRevision(streamId: string): Promise<number | null> {
    return this.track(async () => {
      assertValidStreamId(streamId);
      return (await this.readHead(streamId))?.revision ?? null;
    });
  }

  /**
   * Client 6.2.1 cannot filter `readAll` on the server (only subscriptions can), so pages of `$all` are read
   * and filtered here. Reading starts at `after` itself, whose event is then skipped: `after` is exclusive.
   */
  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.track(() => this.readAllNow(options));
  }

  private async readAllNow(options: ReadAllOptions): Promise<RecordedEvent[]> {
    assertPosition('after', options.after);
    assertCount('maxCount', options.maxCount);
    const limit = options.maxCount ?? ESDB_DEFAULT_READ_ALL_PAGE_SIZE;
    const result: RecordedEvent[] = [];
    let seenUpTo = options.after ?? -1n;
    while (result.length < limit) {
      const page = await this.collect<EsdbResolvedEvent>(
        this.client.readAll({
          direction: FORWARDS,
          fromPosition: seenUpTo > 0n ? toEsdbPosition(seenUpTo) : START,
          maxCount: READ_PAGE_SIZE,
        }),
      );
      for (const resolved of page) {
        const { position, event } = toRecordedEventFromAll(resolved, options.filter);
        if (position === undefined || position <= seenUpTo) continue;
        seenUpTo = position;
        if (event === null) continue;
        result.push(event);
        if (result.length === limit) return result;
      }
      if (page.length < READ_PAGE_SIZE) return result;
    }
    return result;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    if (this.closing !== undefined) throw new EventStoreClosedError();
    assertPosition('after', options.after);
    const source = this.client.subscribeToAll({
      fromPosition: options.after !== undefined && options.after > 0n ? toEsdbPosition(options.after) : START,
      filter: serverFilterFor(options.filter),
    });
    const subscription = new EsdbSubscription(source, options.after, options.filter, (closed) =>
      this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The last event of `$all` that is ours: system events written after it (statistics, metadata) are passed over. */
  headPosition(): Promise<bigint> {
    return this.track(() => this.headPositionNow());
  }

  private async headPositionNow(): Promise<bigint> {
    let from: bigint | undefined;
    for (;;) {
      const page = await this.collect<EsdbResolvedEvent>(
        this.client.readAll({
          direction: BACKWARDS,
          fromPosition: from === undefined ? END : toEsdbPosition(from),
          maxCount: READ_PAGE_SIZE,
        }),
      );
      for (const resolved of page) {
        const { position, event } = toRecordedEventFromAll(resolved, undefined);
        if (event !== null) return event.position;
        if (position !== undefined) from = position;
      }
      if (page.length < READ_PAGE_SIZE) return 0n;
    }
  }

  /**
   * Refuses new calls, ends every subscription and waits for the calls under way, then disposes of the client.
   * Every step is taken whatever the others' outcome; the first failure is reported once all are done.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const subscriptionsClosed = await Promise.allSettled(
        [...this.subscriptions].map((subscription) => subscription.close()),
      );
      // The calls' own callers hear how they ended.
      await Promise.allSettled([...this.inFlight]);
      await this.client.dispose();
      const failure = subscriptionsClosed.find(
        (result): result is PromiseRejectedResult => result.status === 'rejected',
      );
      if (failure !== undefined) throw failure.reason;
    })();
    return this.closing;
  }

  private track<T>(call: () => Promise<T>): Promise<T> {
    if (this.closing !== undefined) return Promise.reject(new EventStoreClosedError());
    const running = call();
    this.inFlight.add(running);
    const forget = (): void => {
      this.inFlight.delete(running);
    };
    void running.then(forget, forget);
    return running;
  }

  private async readHead(streamId: string): Promise<StreamHead | null> {
    const [last] = await this.readEvents(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last === undefined
      ? null
      : { revision: last.revision, hash: last.metadata.hash, position: last.position };
  }

  private readStreamPage(streamId: string, fromRevision: number, maxCount: number): Promise<RecordedEvent[]> {
    return this.readEvents(streamId, { direction: FORWARDS, fromRevision: BigInt(fromRevision), maxCount });
  }

  /** An absent stream reads as empty. */
  private async readEvents(
    streamId: string,
    options: {
      direction: typeof FORWARDS | typeof BACKWARDS;
      fromRevision: bigint | typeof END;
      maxCount: number;
    },
  ): Promise<RecordedEvent[]> {
    try {
      // From the leader, whatever node the connection string prefers: a follower may not have the head yet, and
      // the append path reads the head it links to and reads back what it wrote.
      const resolved = await this.collect<EsdbResolvedEvent>(
        this.client.readStream(streamId, { ...options, requiresLeader: true }),
      );
      return resolved.flatMap(({ event, commitPosition }) =>
        event === undefined ? [] : [toRecordedEvent(event, commitPosition)],
      );
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
  }

  /**
   * What was just stored, read back for its positions and ESDB's recorded times. The server answers an append
   * whose event ids it already holds at those revisions as a success without writing, so the ids are checked.
   */
  private async readBackAppended(
    streamId: string,
    firstRevision: number,
    prepared: readonly PreparedEvent[],
  ): Promise<AppendResult> {
    const stored = await this.readStreamPage(streamId, firstRevision, prepared.length);
    prepared.forEach((event, index) => {
      if (stored[index]?.eventId !== event.eventId) throw new DuplicateEventIdError(event.eventId);
    });
    const last = stored[stored.length - 1];
    if (last === undefined) throw new DuplicateEventIdError(prepared[0]?.eventId ?? 'unknown');
    return { nextExpectedRevision: last.revision, position: last.position, events: stored };
  }

  private async collect<T>(read: AsyncIterable<unknown>): Promise<T[]> {
    const items: T[] = [];
    for await (const item of read) items.push(item as T);
    return items;
  }
}

/** Links each event to its predecessor in the stream; the hash covers the revision the event will have. */
function chainEvents(
  streamId: string,
  head: StreamHead | null,
  prepared: readonly PreparedEvent[],
): EventData[] {
  let prevHash = head?.hash ?? GENESIS_HASH;
  let revision = head?.revision ?? -1;
  return prepared.map((event) => {
    revision += 1;
    const metadata = chainMetadata({
      streamId,
      revision,
      eventId: event.eventId,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      prevHash,
    });
    prevHash = metadata.hash;
    return jsonEvent({
      id: event.eventId,
      type: event.type,
      data: event.data,
      metadata: storedMetadata(metadata),
    });
  });
}

/**
 * Opens the production event store. The connection is made lazily by the client, on the first call; a
 * malformed connection string fails here.
 */
export function openEsdbEventStore(options: EsdbEventStoreOptions): EsdbEventStore {
  return new EsdbEventStore(EventStoreDBClient.connectionString(options.connectionString));
}
