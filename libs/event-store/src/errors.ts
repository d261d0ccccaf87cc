import type { ExpectedRevision } from './port';

/** Base for every error the event store raises on purpose; `code` is stable and safe to show. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision; `null` when the stream does not exist. */
    readonly actual: number | null,
  ) {
    super(
      `Stream ${streamId}: expected revision ${String(expected)}, actual ${actual === null ? 'no stream' : actual}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

export class InvalidStreamIdError extends EventStoreError {
  readonly code = 'EVENT_STORE.INVALID_STREAM_ID';
  constructor(readonly reason: string) {
    super(`Invalid stream id: ${reason}`);
    this.name = 'InvalidStreamIdError';
  }
}

export class InvalidExpectedRevisionError extends EventStoreError {
  readonly code = 'EVENT_STORE.INVALID_EXPECTED_REVISION';
  constructor(readonly value: unknown) {
    super(`Invalid expected revision: ${typeof value === 'string' ? JSON.stringify(value) : typeof value}`);
    this.name = 'InvalidExpectedRevisionError';
  }
}

/** Data that cannot round-trip through JSON unchanged (Date, undefined, functions, BigInt, cycles, NaN…). */
export class InvalidEventDataError extends EventStoreError {
  readonly code = 'EVENT_STORE.INVALID_EVENT_DATA';
  constructor(
    /** A JSON path such as `data.items[2].when`; never the offending value, which may be personal data. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Event ${path}: ${reason}`);
    this.name = 'InvalidEventDataError';
  }
}

/** Another event with the same id is already stored; event ids are unique across the whole store. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'EVENT_STORE.DUPLICATE_EVENT_ID';
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} is already stored`);
    this.name = 'DuplicateEventIdError';
  }
}

export class InvalidReadOptionError extends EventStoreError {
  readonly code = 'EVENT_STORE.INVALID_READ_OPTION';
  constructor(
    readonly option: string,
    readonly reason: string,
  ) {
    super(`Invalid read option ${option}: ${reason}`);
    this.name = 'InvalidReadOptionError';
  }
}

export class EventStoreClosedError extends EventStoreError {
  readonly code = 'EVENT_STORE.CLOSED';
  constructor() {
    super('The event store is closed');
    this.name = 'EventStoreClosedError';
  }
}
