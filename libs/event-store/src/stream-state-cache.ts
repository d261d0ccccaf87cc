import { LRUCache } from 'lru-cache';

/** A stream folded up to `revision` by one decider's `evolve`, and the commands already recorded in it. */
export interface CachedStreamState<State> {
  /** The decider's `evolve`: what the state depends on, shared by deciders that only wrap `decide`. */
  readonly evolve: object;
  readonly state: State;
  readonly revision: number;
  /** Global position of the event at `revision`. */
  readonly position: bigint;
  /** Idempotency keys of the stream: a re-sent command must be found without a full read. */
  readonly commands: CommandLedger;
}

/**
 * The idempotency keys recorded in one stream, each with the revision of its first event. Successive states of
 * a stream share one ledger and each sees the keys up to its own revision, so a command adds its key instead
 * of copying every key before it (a copied set cost each command time in proportion to the stream's history).
 */
export class CommandLedger {
  private readonly firstRevisions = new Map<string, number>();

  static of(
    events: readonly { readonly revision: number; readonly metadata: { readonly commandId: string } }[],
  ) {
    const ledger = new CommandLedger();
    for (const event of events) ledger.record(event.metadata.commandId, event.revision);
    return ledger;
  }

  record(commandId: string, revision: number): void {
    if (!this.firstRevisions.has(commandId)) this.firstRevisions.set(commandId, revision);
  }

  /** Whether the stream, as it stood at `revision`, holds an event of `commandId`. */
  recordedBy(commandId: string, revision: number): boolean {
    const first = this.firstRevisions.get(commandId);
    return first !== undefined && first <= revision;
  }
}

export interface StreamStateCacheOptions {
  /** Streams kept; the least recently used is dropped first. Default 10,000. */
  readonly maxStreams?: number;
}

export const DEFAULT_MAX_CACHED_STREAMS = 10_000;

/**
 * Folded write-side states of recently commanded streams, so that a command reads only the events recorded
 * after the state it holds instead of the whole history (ADR 12). Sound because events are immutable and a
 * command always reads the tail before deciding: a writer in another process is seen like any other event.
 *
 * Decider states must not hold personal data (a domain test checks it): erasure destroys keys, and a cached
 * state must not keep what the keys protected.
 */
export class StreamStateCache {
  private readonly entries: LRUCache<string, CachedStreamState<unknown>>;

  constructor(options: StreamStateCacheOptions = {}) {
    this.entries = new LRUCache({ max: options.maxStreams ?? DEFAULT_MAX_CACHED_STREAMS });
  }

  /** The cached state of `streamId`, if it was folded by this very `evolve`. */
  get<State>(streamId: string, evolve: object): CachedStreamState<State> | undefined {
    const entry = this.entries.get(streamId);
    return entry?.evolve === evolve ? (entry as CachedStreamState<State>) : undefined;
  }

  /** Keeps `entry` unless a later revision of the stream is already cached (commands finish out of order). */
  remember<State>(streamId: string, entry: CachedStreamState<State>): void {
    const current = this.entries.peek(streamId);
    if (current !== undefined && current.evolve === entry.evolve && current.revision > entry.revision) return;
    this.entries.set(streamId, entry);
  }

  get size(): number {
    return this.entries.size;
  }
}
