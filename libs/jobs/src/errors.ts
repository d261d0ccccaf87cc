/**
 * What a failed job keeps of its error: its stable `code`, else its class name. Read by shape, not `instanceof`:
 * errors thrown in another realm (jest's vm, worker threads) are not instances of this realm's `Error`.
 */
export const jobFailureOf = (error: unknown): string => {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && code !== '') return code;
    if (typeof name === 'string' && name !== '') return name;
  }
  return 'non-error thrown';
};

/** Base for every error the jobs library raises on purpose; `code` is stable and safe to show. */
export abstract class JobsError extends Error {
  abstract readonly code: string;
}

/** A payload key that looks like personal data; payloads carry ids only, and the value is never echoed. */
export class PersonalDataInJobPayloadError extends JobsError {
  readonly code = 'JOBS.PERSONAL_DATA_IN_PAYLOAD';
  constructor(
    readonly jobName: string,
    /** A path such as `payload.client.email`; never the value. */
    readonly path: string,
  ) {
    super(`Job ${jobName}: ${path} looks like personal data; job payloads carry ids only`);
    this.name = 'PersonalDataInJobPayloadError';
  }
}

/** A payload that is not a plain JSON object (Date, undefined, BigInt, class instances, cycles…). */
export class InvalidJobPayloadError extends JobsError {
  readonly code = 'JOBS.INVALID_PAYLOAD';
  constructor(
    readonly jobName: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Job ${jobName}: ${path} ${reason}`);
    this.name = 'InvalidJobPayloadError';
  }
}

export class InvalidJobOptionsError extends JobsError {
  readonly code = 'JOBS.INVALID_OPTIONS';
  constructor(readonly reason: string) {
    super(`Invalid job options: ${reason}`);
    this.name = 'InvalidJobOptionsError';
  }
}

export class JobQueueClosedError extends JobsError {
  readonly code = 'JOBS.QUEUE_CLOSED';
  constructor() {
    super('The job queue is closed');
    this.name = 'JobQueueClosedError';
  }
}

export class ProcessorAlreadyRegisteredError extends JobsError {
  readonly code = 'JOBS.PROCESSOR_ALREADY_REGISTERED';
  constructor(readonly jobName: string) {
    super(`A processor for job ${jobName} is already registered`);
    this.name = 'ProcessorAlreadyRegisteredError';
  }
}
