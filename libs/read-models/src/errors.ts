/** Base for every error the read side raises on purpose; `code` is stable and safe to show. */
export abstract class ReadModelError extends Error {
  abstract readonly code: string;
}

export class InvalidCollectionSpecError extends ReadModelError {
  readonly code = 'READ_MODELS.INVALID_COLLECTION_SPEC';
  constructor(reason: string) {
    super(`Invalid collection spec: ${reason}`);
    this.name = 'InvalidCollectionSpecError';
  }
}

export class UnknownCollectionError extends ReadModelError {
  readonly code = 'READ_MODELS.UNKNOWN_COLLECTION';
  constructor(readonly collection: string) {
    super(`Unknown collection ${collection}: call ensureCollection first`);
    this.name = 'UnknownCollectionError';
  }
}

/** A filter or sort that names an undeclared field or uses an operator the field's type does not support. */
export class InvalidQueryError extends ReadModelError {
  readonly code = 'READ_MODELS.INVALID_QUERY';
  constructor(reason: string) {
    super(`Invalid query: ${reason}`);
    this.name = 'InvalidQueryError';
  }
}

export class InvalidCursorError extends ReadModelError {
  readonly code = 'READ_MODELS.INVALID_CURSOR';
  constructor() {
    super('Invalid cursor: not produced by this query');
    this.name = 'InvalidCursorError';
  }
}

/** A declared field holds a value of another type; the message names the field, never the value. */
export class InvalidDocumentError extends ReadModelError {
  readonly code = 'READ_MODELS.INVALID_DOCUMENT';
  constructor(
    readonly collection: string,
    readonly field: string,
    reason: string,
  ) {
    super(`Document in ${collection}: field ${field} ${reason}`);
    this.name = 'InvalidDocumentError';
  }
}

export class DocumentStoreConnectionError extends ReadModelError {
  readonly code = 'READ_MODELS.CONNECTION_FAILED';
  constructor(
    /** The connection URL without credentials. */
    readonly url: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(
      `Cannot connect to ${url} after ${attempts} attempt(s): ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = 'DocumentStoreConnectionError';
  }
}

export class ProjectionTimeoutError extends ReadModelError {
  readonly code = 'PROJECTION.TIMEOUT';
  constructor(
    readonly position: bigint,
    /** The projections that had not reached `position` in time. */
    readonly behind: readonly string[],
    readonly timeoutMs: number,
  ) {
    super(`Projections ${behind.join(', ')} did not reach position ${position} within ${timeoutMs} ms`);
    this.name = 'ProjectionTimeoutError';
  }
}

export class UnknownProjectionError extends ReadModelError {
  readonly code = 'PROJECTION.UNKNOWN';
  constructor(readonly projection: string) {
    super(`Unknown projection ${projection}`);
    this.name = 'UnknownProjectionError';
  }
}

export class InvalidProjectionError extends ReadModelError {
  readonly code = 'PROJECTION.INVALID';
  constructor(
    readonly projection: string,
    reason: string,
  ) {
    super(`Projection ${projection}: ${reason}`);
    this.name = 'InvalidProjectionError';
  }
}

/** The read model has never been built (no active collection yet). */
export class ProjectionNotReadyError extends ReadModelError {
  readonly code = 'PROJECTION.NOT_READY';
  constructor(readonly projection: string) {
    super(`Read model ${projection} has not been built yet`);
    this.name = 'ProjectionNotReadyError';
  }
}
