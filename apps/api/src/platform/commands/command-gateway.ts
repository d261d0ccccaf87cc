import { Inject, Injectable } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { v5 as uuidv5 } from 'uuid';
import type { Decider, DomainEvent, Rejection } from '@app/domain';
import {
  handleCommand,
  ID_REUSED,
  StreamStateCache,
  type EventStore,
  type RecordedEvent,
} from '@app/event-store';
import { newId, type Clock, type Metrics } from '@app/platform';
import type { RequestContext } from '../auth/request-context';
import { READ_SIDE, READ_YOUR_WRITES_TIMEOUT_MS, type ReadSide } from '../read-side';
import { CLOCK, EVENT_STORE, METRICS } from '../tokens';
import { canSeeRegion } from '../../shared/regions';
import { notFound, rejectionError, toClientError } from './command-errors';
import { mutationFingerprintOf } from './command-fingerprint';

export interface CommandRequest<Command, Event extends DomainEvent, State> {
  /** The use case, for metrics (`GiveConsent`). */
  readonly name: string;
  readonly streamId: string;
  readonly decider: Decider<Command, Event, State>;
  readonly command: Command;
  readonly context: RequestContext;
  readonly commandId: string;
  /** Read models the payload reads: the call resolves once they reflect the command (read-your-writes). */
  readonly readModels: readonly string[];
  readonly causationId?: string | null;
  /** Checks the caller may see the record, on the very state the command decides on (see `RecordScope`). */
  readonly scope?: RecordScope<State>;
  /**
   * What must follow the record whether or not the read models then catch up in time (crypto-shredding after an
   * erasure): run once the command is recorded or replayed, before the wait for the read models, which may
   * time out with READ_MODEL.LAGGING.
   */
  readonly afterRecorded?: (state: State) => Promise<void>;
  /**
   * Rejection codes the caller recovers from itself (by sending another command): thrown as usual, but not
   * counted among the command outcomes, which would otherwise show a refusal no client ever received.
   */
  readonly recoveredRejections?: readonly string[];
  /**
   * Whether a replayed outcome is this request's own. Events recorded before fingerprints (ADR 18) replay for
   * any request under their commandId; one this says is not its own is refused as `COMMAND.ID_REUSED`, and
   * counted only when that code is not among `recoveredRejections`.
   */
  readonly isOwnReplay?: (events: readonly RecordedEvent[]) => boolean;
}

/**
 * Where a command's record lies, read from the write-side state rather than a read model: authoritative,
 * never lagging, and no extra read. Outside the caller's regions, or absent, the record is NOT_FOUND, exactly
 * as if it did not exist, and nothing is appended; a re-sent command's earlier outcome is checked the same way.
 */
export interface RecordScope<State> {
  /** What the error calls the record (`Client`). */
  readonly what: string;
  /** The record's region, or null when the stream holds no such record. */
  readonly regionOf: (state: State) => string | null;
}

export interface CommandResult<State> {
  readonly events: readonly RecordedEvent[];
  readonly position: bigint;
  readonly state: State;
  readonly replayed: boolean;
}

const ID_NAMESPACE = '6f1d3c52-8a4e-4f0b-9d6a-2b7c1e5f9a30';

/**
 * The one path from a mutation to the event store: runs the decider through `handleCommand`, turns a
 * rejection into its coded error (nothing appended), counts the outcome, and waits until the read models the
 * payload needs have caught up.
 */
@Injectable()
export class CommandGateway {
  /** Commands on a stream this process commanded before read only the events since (ADR 12). */
  private readonly states = new StreamStateCache();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): string {
    return this.clock.now().toISOString();
  }

  /** The client's idempotency key, or a fresh one. */
  commandId(supplied: string | undefined | null): string {
    return supplied ?? newId();
  }

  /**
   * Id of an aggregate or record a command creates. Derived from the idempotency key, so re-sending the
   * command addresses the same stream and returns the earlier result instead of creating a twin.
   */
  newEntityId(useCase: string, commandId: string): string {
    return uuidv5(`${useCase}:${commandId}`, ID_NAMESPACE);
  }

  async execute<Command, Event extends DomainEvent, State>(
    request: CommandRequest<Command, Event, State>,
  ): Promise<CommandResult<State>> {
    const { principal, correlationId } = request.context;
    if (principal === null) throw new Error('CommandGateway requires an authenticated principal');
    const { scope } = request;
    const assertInScope = (state: State): void => {
      if (scope === undefined) return;
      const region = scope.regionOf(state);
      if (region === null || !canSeeRegion(principal, region)) throw notFound(scope.what);
    };
    const decider: Decider<Command, Event, State> =
      scope === undefined
        ? request.decider
        : {
            ...request.decider,
            decide: (command, state) => {
              assertInScope(state);
              return request.decider.decide(command, state);
            },
          };
    // Each command is counted once, under the first outcome known: a rejection, a refusal of the caller (NOT_FOUND
    // outside their regions), or OK / REPLAYED once recorded. A read model that then lags does not recount a
    // recorded command: projection lag has a metric of its own.
    let counted = false;
    const count = (code: string): void => {
      if (counted) return;
      counted = true;
      this.metrics.commandOutcomes.inc({ command: request.name, code });
    };
    try {
      const outcome = await handleCommand(
        this.store,
        request.streamId,
        decider,
        request.command,
        {
          commandId: request.commandId,
          commandFingerprint: mutationFingerprintOf(request.context),
          correlationId,
          causationId: request.causationId ?? null,
          actor: { id: principal.subject, role: principal.role },
          occurredAt: this.now(),
        },
        { states: this.states },
      );
      if (outcome.ok && outcome.replayed) assertInScope(outcome.state);
      // A used commandId is only news to a caller who may see the record it was used on.
      if (!outcome.ok && outcome.earlierState !== undefined) assertInScope(outcome.earlierState);
      const refuse = (rejection: Rejection): never => {
        if (request.recoveredRejections?.includes(rejection.code)) counted = true;
        else count(rejection.code);
        throw rejectionError(rejection);
      };
      if (!outcome.ok) return refuse(outcome.rejection);
      if (outcome.replayed && request.isOwnReplay?.(outcome.events) === false) return refuse(ID_REUSED);
      count(outcome.replayed ? 'REPLAYED' : 'OK');
      await request.afterRecorded?.(outcome.state);
      if (request.readModels.length > 0 && outcome.position > 0n) {
        await this.readSide.waitFor(outcome.position, request.readModels, READ_YOUR_WRITES_TIMEOUT_MS);
      }
      return {
        events: outcome.events,
        position: outcome.position,
        state: outcome.state,
        replayed: outcome.replayed,
      };
    } catch (error) {
      const clientError = toClientError(error);
      count(clientError instanceof GraphQLError ? String(clientError.extensions.code) : 'ERROR');
      throw clientError;
    }
  }
}
