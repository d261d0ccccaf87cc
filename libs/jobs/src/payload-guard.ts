import { InvalidJobOptionsError, InvalidJobPayloadError, PersonalDataInJobPayloadError } from './errors';
import type { EnqueueOptions, JobPayload, RepeatOptions } from './job-queue.port';

/**
 * Words that mark a key as personal data. Keys are split into words (camelCase, snake_case, kebab-case) so that
 * `clientEmail`, `phone_number` and `date-of-birth` are caught while `clientId` is not. Deliberately strict:
 * payloads carry ids only, so `templateName` is rejected too; pass a template id instead.
 */
const PERSONAL_DATA_WORDS = new Set([
  'name',
  'names',
  'email',
  'emails',
  'mail',
  'phone',
  'phones',
  'mobile',
  'contact',
  'contacts',
  'note',
  'notes',
  'birth',
  'dob',
  'birthday',
  'birthdate',
  'address',
  'nationality',
  'country',
  'origin',
]);
const PERSONAL_DATA_COMPACT = new Set([
  'dateofbirth',
  'firstname',
  'lastname',
  'fullname',
  'surname',
  'emailaddress',
  'phonenumber',
  'countryoforigin',
]);

const splitWords = (key: string): string[] =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .map((word) => word.toLowerCase())
    .filter((word) => word.length > 0);

export function looksLikePersonalDataKey(key: string): boolean {
  const words = splitWords(key);
  return words.some((word) => PERSONAL_DATA_WORDS.has(word)) || PERSONAL_DATA_COMPACT.has(words.join(''));
}

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Throws a typed error naming the path (never the value) unless `payload` is a plain JSON object without personal data. */
export function assertJobPayloadSafe(jobName: string, payload: unknown): asserts payload is JobPayload {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new InvalidJobPayloadError(jobName, 'payload', 'must be a plain object');
  }
  checkValue(jobName, payload, 'payload', new Set());
}

function checkValue(jobName: string, value: unknown, path: string, seen: Set<object>): void {
  if (value === null) return;
  switch (typeof value) {
    case 'boolean':
      return;
    case 'string':
      if (EMAIL_LIKE.test(value)) throw new PersonalDataInJobPayloadError(jobName, path);
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidJobPayloadError(jobName, path, 'is not a finite number');
      return;
    case 'object': {
      if (seen.has(value)) throw new InvalidJobPayloadError(jobName, path, 'is a cyclic reference');
      seen.add(value);
      if (Array.isArray(value)) {
        value.forEach((item, index) => checkValue(jobName, item, `${path}[${index}]`, seen));
      } else {
        // Any realm's Object.prototype (jest's vm, worker threads) has a null prototype; Date.prototype does not.
        const prototype: object | null = Object.getPrototypeOf(value) as object | null;
        if (prototype !== null && Object.getPrototypeOf(prototype) !== null) {
          throw new InvalidJobPayloadError(
            jobName,
            path,
            'is not a plain object (Date, Map, class instances are not JSON)',
          );
        }
        for (const [key, item] of Object.entries(value)) {
          const itemPath = `${path}.${key}`;
          if (looksLikePersonalDataKey(key)) throw new PersonalDataInJobPayloadError(jobName, itemPath);
          checkValue(jobName, item, itemPath, seen);
        }
      }
      seen.delete(value);
      return;
    }
    case 'undefined':
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new InvalidJobPayloadError(jobName, path, `is ${typeof value}, which is not JSON`);
  }
}

/** camelCase or kebab-case; no `:` because BullMQ builds Redis keys from it. */
const JOB_NAME = /^[a-z][a-zA-Z0-9-]{0,99}$/;
/** Ids are composed of names, stream ids and positions, e.g. `issueCertificate:match-0193…:42`. */
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,299}$/;

export function assertValidJobName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !JOB_NAME.test(name)) {
    throw new InvalidJobOptionsError('job name must be camelCase or kebab-case, at most 100 characters');
  }
}

export function assertValidJobId(jobId: unknown): asserts jobId is string {
  if (typeof jobId !== 'string' || !JOB_ID.test(jobId)) {
    throw new InvalidJobOptionsError('job id must be 1-300 characters of letters, digits and _.:@- ');
  }
  // BullMQ confuses all-digit custom ids with its own counter ids.
  if (/^\d+$/.test(jobId)) throw new InvalidJobOptionsError('job id must not be all digits');
}

const isNonNegativeInteger = (value: unknown): boolean =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function assertRetryOptions(attempts: unknown, backoff: EnqueueOptions['backoff']): void {
  if (attempts !== undefined && !(isNonNegativeInteger(attempts) && (attempts as number) >= 1)) {
    throw new InvalidJobOptionsError('attempts must be an integer >= 1');
  }
  if (backoff !== undefined && (backoff.type !== 'exponential' || !isNonNegativeInteger(backoff.delayMs))) {
    throw new InvalidJobOptionsError("backoff must be { type: 'exponential', delayMs: integer >= 0 }");
  }
}

export function assertValidEnqueueOptions(options: EnqueueOptions): void {
  if (options.jobId !== undefined) assertValidJobId(options.jobId);
  assertRetryOptions(options.attempts, options.backoff);
  if (options.delayMs !== undefined && !isNonNegativeInteger(options.delayMs)) {
    throw new InvalidJobOptionsError('delayMs must be an integer >= 0');
  }
}

export function assertValidRepeatOptions(options: RepeatOptions): void {
  assertValidJobId(options.jobId);
  assertRetryOptions(options.attempts, options.backoff);
  const hasCron = options.cron !== undefined;
  const hasEvery = options.everyMs !== undefined;
  if (hasCron === hasEvery) throw new InvalidJobOptionsError('repeat needs exactly one of cron or everyMs');
  if (options.everyMs !== undefined && !(isNonNegativeInteger(options.everyMs) && options.everyMs >= 1)) {
    throw new InvalidJobOptionsError('everyMs must be an integer >= 1');
  }
  if (options.timeZone !== undefined) {
    if (!hasCron) throw new InvalidJobOptionsError('timeZone applies to a cron schedule only');
    if (!isTimeZone(options.timeZone)) throw new InvalidJobOptionsError('timeZone is not an IANA time zone');
  }
}

const isTimeZone = (zone: unknown): boolean => {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
