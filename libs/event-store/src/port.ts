/**
 * The EventStore port. Every adapter (SQLite for the embedded default, EventStoreDB in production) passes the
 * one contract suite in `testing/event-store.contract.ts`.
 *
 * Positions are global and strictly increasing (`bigint`, as EventStoreDB commit positions are); SQLite gives
 * them without gaps, EventStoreDB with gaps. Stream revisions count from 0 within a stream.
 */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** `no_stream`: the stream must not exist; `stream_exists`: it must; `any`: no check; a number: the exact revision of the last event. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface Actor {
  readonly id: string;
  readonly role: string;
}

/** What the caller supplies about an event; the store adds the hash chain and its own recorded time. */
export interface EventMetadataInput {
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: Actor;
  /** Business time, from the command (ISO-8601 UTC). */
  readonly occurredAt: string;
  readonly schemaVersion: number;
  /**
   * What the command was asked to do, as a keyed digest of the client's request (never the request itself):
   * a re-send under the same `commandId` must carry the same one (ADR 18). Absent on events written before
   * it existed and on events no client request caused; the hash covers it only when present, so those
   * events hash as they always did.
   */
  readonly commandFingerprint?: string;
}

export interface EventMetadata extends EventMetadataInput {
  /** Hash of the previous event of the same stream, or the genesis value for the first event. */
  readonly prevHash: string;
  /** SHA-256 over the canonical serialisation of type, data as stored and metadata without `hash`. */
  readonly hash: string;
}

export interface EventToAppend {
  /** A UUID in lower case (UUIDv7 when generated); generated when omitted. */
  readonly eventId?: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadataInput;
}

export interface RecordedEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly position: bigint;
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
  /** The store's own time of recording (ISO-8601 UTC). */
  readonly recordedAt: string;
}

export interface AppendResult {
  /** Revision of the last event written (or of the stream head when nothing was written). */
  readonly nextExpectedRevision: number;
  /** Global position of the last event written. */
  readonly position: bigint;
  readonly events: readonly RecordedEvent[];
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Default 0. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
  /** As-of by position: only events at or before this global position. */
  readonly toPosition?: bigint;
  /** As-of by recorded time: only events the store recorded at or before this instant (ISO-8601). */
  readonly recordedAtOrBefore?: string;
}

export interface EventFilter {
  readonly eventTypes?: readonly string[];
  /** Stream categories: the part of the stream id before the first `-`. */
  readonly streamCategories?: readonly string[];
  /**
   * Only each stream's first event (revision 0): one event per stream, in the order the streams were created.
   * Lets a reader enumerate streams without reading their histories.
   */
  readonly firstEventsOnly?: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Default: from the beginning. */
  readonly after?: bigint;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: deliver events strictly after this position. Omit to start from the beginning. */
  readonly after?: bigint;
  readonly filter?: EventFilter;
}

/** Catch-up then live; iterate with `for await`. `close()` ends the iteration. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
  /**
   * Optional (the embedded store offers it). Registers a listener told how far a filtered subscription has
   * looked at the log when events its filter passes over move it on while it holds nothing for its consumer:
   * every event at or before that position that the filter matches has already been handed out by `next()`,
   * and the consumer has taken it (it was handed out in an earlier turn of the event loop). A reader that
   * stores checkpoints moves its own past long runs of events it does not want, without being handed them.
   * Returns the unregistration.
   */
  onScannedTo?(listener: (position: bigint) => void): () => void;
}

export interface EventStore {
  append(
    streamId: string,
    expected: ExpectedRevision,
    events: readonly EventToAppend[],
  ): Promise<AppendResult>;
  /** Events of one stream in revision order; an absent stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Current revision of a stream, or `null` when it does not exist. */
  streamRevision(streamId: string): Promise<number | null>;
  /** A bounded page of all events in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the last event in the store, 0n when empty. */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}
