import { type Decider, type DomainEvent, fold, type Rejection } from '@app/domain/shared/decider';
import { REJECTION_CODES } from '@app/domain/shared/rejection-codes';
import { EventStoreError, WrongExpectedRevisionError } from './errors';
import type { Actor, EventStore, EventToAppend, JsonObject, RecordedEvent } from './port';
import { CommandLedger, type CachedStreamState, type StreamStateCache } from './stream-state-cache';

export interface CommandContext {
  /** Idempotency key: a command re-sent with the same id returns its earlier outcome and appends nothing. */
  readonly commandId: string;
  /**
   * What the command was asked to do (a keyed digest of the request, ADR 18), stamped on its events. A re-send
   * whose fingerprint differs from the recorded one is another request under a used key: refused with
   * `COMMAND.ID_REUSED` rather than answered with an outcome that is not its own. Absent on either side (no
   * request to digest, or events recorded before fingerprints): the re-send replays, as it always did.
   */
  readonly commandFingerprint?: string;
  readonly correlationId: string;
  readonly causationId?: string | null;
  readonly actor: Actor;
  /** Business time of the command (ISO-8601 UTC). */
  readonly occurredAt: string;
  /** Schema version to stamp on each new event; 1 when omitted (see `UpcasterRegistry.latestSchemaVersion`). */
  readonly schemaVersionOf?: (eventType: string) => number;
}

export interface HandleCommandOptions {
  /** Re-reads and re-decides after a revision conflict at most this many times. Default 5. */
  readonly maxRetries?: number;
  /** Folded states to start from, so only the events recorded since are read (ADR 12). None: read it all. */
  readonly states?: StreamStateCache;
}

export type CommandOutcome<State> =
  | {
      readonly ok: true;
      /** The events this command recorded (none for an empty decision). */
      readonly events: readonly RecordedEvent[];
      /** Global position to wait for before reading your own writes: the last event of the command, else the stream's last event, else 0n. */
      readonly position: bigint;
      /** Stream revision after the command; -1 when the stream still does not exist. */
      readonly revision: number;
      readonly state: State;
      /** True when the command had already been handled and its earlier outcome was returned. */
      readonly replayed: boolean;
    }
  | {
      readonly ok: false;
      readonly rejection: Rejection;
      /**
       * With `COMMAND.ID_REUSED` only: the state the earlier command under this commandId left. A caller that
       * hides records from some principals checks it first, so the refusal says no more than a replay would.
       */
      readonly earlierState?: State;
    };

type Accepted<State> = Extract<CommandOutcome<State>, { ok: true }>;

export const DEFAULT_MAX_RETRIES = 5;

/** The stream kept changing under the command; nothing was appended. Safe to re-send with the same commandId. */
export class CommandConflictError extends EventStoreError {
  readonly code = 'COMMAND.CONFLICT';
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(
      `Stream ${streamId} changed concurrently on each of ${attempts} attempts; the command was not applied`,
    );
    this.name = 'CommandConflictError';
  }
}

const NO_STREAM_REVISION = -1;

/**
 * The one write path: read the stream, fold `evolve`, `decide`, append at the revision that was read.
 * A conflict means someone else wrote in between, so the decision may be stale: re-read and decide again.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  context: CommandContext,
  options: HandleCommandOptions = {},
): Promise<CommandOutcome<State>> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  // Optimistic: decide on the cached state without reading. An append is conditional on the revision it was
  // decided at, so a stream that moved meanwhile surfaces as a conflict and is read before deciding again.
  let unverified: StreamState<State> | undefined = options.states?.get<State>(streamId, decider.evolve);
  for (let conflicts = 0; ;) {
    let current = unverified ?? (await readState(store, streamId, decider, options.states));
    const verified = unverified === undefined;
    unverified = undefined;
    if (current.commands.recordedBy(context.commandId, current.revision)) {
      // A re-sent command: its earlier outcome is rebuilt from the whole history, as it stood then.
      const recorded = await store.readStream(streamId);
      const earlier = earlierOutcome(recorded, decider, context.commandId);
      if (earlier !== null) {
        if (!isSameRequest(earlier.events, context.commandFingerprint)) {
          return { ok: false, rejection: ID_REUSED, earlierState: earlier.state };
        }
        return earlier;
      }
      current = foldWhole(decider, recorded, options.states, streamId);
    }
    const { state } = current;
    const decision = decider.decide(command, state);
    // Nothing is appended for a refusal or a no-op, so nothing would reveal a stale state: read and decide again.
    if (!verified && (!decision.ok || decision.events.length === 0)) continue;
    if (!decision.ok) return { ok: false, rejection: decision.rejection };

    if (decision.events.length === 0) {
      return {
        ok: true,
        events: [],
        position: current.position,
        revision: current.revision,
        state,
        replayed: false,
      };
    }
    try {
      const result = await store.append(
        streamId,
        current.revision === NO_STREAM_REVISION ? 'no_stream' : current.revision,
        decision.events.map((event) => toEventToAppend(event, context)),
      );
      const after = decision.events.reduce((folded, event) => decider.evolve(folded, event), state);
      current.commands.record(context.commandId, current.revision + 1);
      options.states?.remember(streamId, {
        evolve: decider.evolve,
        state: after,
        revision: result.nextExpectedRevision,
        position: result.position,
        commands: current.commands,
      });
      return {
        ok: true,
        events: result.events,
        position: result.position,
        revision: result.nextExpectedRevision,
        state: after,
        replayed: false,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      conflicts += 1;
      if (conflicts > maxRetries) throw new CommandConflictError(streamId, conflicts);
    }
  }
}

type StreamState<State> = Omit<CachedStreamState<State>, 'evolve'>;

/** The stream folded to its last event: from the cached state plus the events since, else from the start. */
async function readState<Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<unknown, Event, State>,
  cache: StreamStateCache | undefined,
): Promise<StreamState<State>> {
  const cached = cache?.get<State>(streamId, decider.evolve);
  if (cached === undefined) return foldWhole(decider, await store.readStream(streamId), cache, streamId);
  const since = await store.readStream(streamId, { fromRevision: cached.revision + 1 });
  const last = since.at(-1);
  if (last === undefined) return cached;
  for (const event of since) cached.commands.record(event.metadata.commandId, event.revision);
  const current: CachedStreamState<State> = {
    evolve: decider.evolve,
    state: since
      .map(toDomainEvent<Event>)
      .reduce((state, event) => decider.evolve(state, event), cached.state),
    revision: last.revision,
    position: last.position,
    commands: cached.commands,
  };
  cache?.remember(streamId, current);
  return current;
}

function foldWhole<Event extends DomainEvent, State>(
  decider: Decider<unknown, Event, State>,
  recorded: readonly RecordedEvent[],
  cache: StreamStateCache | undefined,
  streamId: string,
): StreamState<State> {
  const last = recorded.at(-1);
  const current: CachedStreamState<State> = {
    evolve: decider.evolve,
    state: fold(decider, recorded.map(toDomainEvent<Event>)),
    revision: last?.revision ?? NO_STREAM_REVISION,
    position: last?.position ?? 0n,
    commands: CommandLedger.of(recorded),
  };
  // An absent stream is not worth a slot: it is what lookups of unknown ids produce.
  if (last !== undefined) cache?.remember(streamId, current);
  return current;
}

/** The refusal of a commandId already used for a different request (ADR 18). */
export const ID_REUSED: Rejection = {
  code: 'COMMAND.ID_REUSED',
  message: REJECTION_CODES['COMMAND.ID_REUSED'],
  field: 'commandId',
};

/** Only two known and different fingerprints tell requests apart; an unknown one cannot, so it replays. */
function isSameRequest(earlier: readonly RecordedEvent[], fingerprint: string | undefined): boolean {
  if (fingerprint === undefined) return true;
  return earlier.every(
    (event) =>
      event.metadata.commandFingerprint === undefined || event.metadata.commandFingerprint === fingerprint,
  );
}

function earlierOutcome<Event extends DomainEvent, State>(
  recorded: readonly RecordedEvent[],
  decider: Decider<unknown, Event, State>,
  commandId: string,
): Accepted<State> | null {
  const lastIndex = recorded.findLastIndex((event) => event.metadata.commandId === commandId);
  const last = recorded[lastIndex];
  if (last === undefined) return null;
  const history = recorded.slice(0, lastIndex + 1);
  return {
    ok: true,
    events: history.filter((event) => event.metadata.commandId === commandId),
    position: last.position,
    revision: last.revision,
    // The state as the command left it, not as later commands changed it: the earlier outcome, unchanged.
    state: fold(decider, history.map(toDomainEvent<Event>)),
    replayed: true,
  };
}

// The decider sees type and data only: metadata (store time, hashes) must not leak into business rules.
export const toDomainEvent = <Event extends DomainEvent>(event: RecordedEvent): Event =>
  ({ type: event.type, data: event.data }) as unknown as Event;

const toEventToAppend = (event: DomainEvent, context: CommandContext): EventToAppend => ({
  type: event.type,
  data: event.data as JsonObject,
  metadata: {
    commandId: context.commandId,
    correlationId: context.correlationId,
    causationId: context.causationId ?? null,
    actor: { id: context.actor.id, role: context.actor.role },
    occurredAt: context.occurredAt,
    schemaVersion: context.schemaVersionOf?.(event.type) ?? 1,
    ...(context.commandFingerprint === undefined ? {} : { commandFingerprint: context.commandFingerprint }),
  },
});
