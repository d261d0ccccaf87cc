import { EventStoreError } from '../errors';

/** DATA_KEY or `master.key` is not base64 of exactly 32 bytes. The message never repeats the value. */
export class InvalidMasterKeyError extends EventStoreError {
  readonly code = 'PERSONAL_DATA.INVALID_MASTER_KEY';
  constructor(readonly source: string) {
    super(`${source} must be base64 of exactly 32 random bytes (e.g. \`openssl rand -base64 32\`)`);
    this.name = 'InvalidMasterKeyError';
  }
}

/**
 * DATA_DIR holds events or subject keys but no `master.key`, and DATA_KEY is unset: a new key would open none of
 * them, so none is generated.
 */
export class MasterKeyMissingError extends EventStoreError {
  readonly code = 'PERSONAL_DATA.MASTER_KEY_MISSING';
  constructor(
    readonly keyFile: string,
    readonly dataFiles: readonly string[],
  ) {
    super(
      `${keyFile} is missing but ${dataFiles.join(' and ')} already hold data sealed with it: restore ${keyFile} ` +
        `from its backup (or set DATA_KEY to the key it held); a new key would open none of that data`,
    );
    this.name = 'MasterKeyMissingError';
  }
}

/** The master key (DATA_KEY or `master.key`) does not open the subject keys already stored. */
export class MasterKeyMismatchError extends EventStoreError {
  readonly code = 'PERSONAL_DATA.MASTER_KEY_MISMATCH';
  constructor(readonly source: string) {
    super(
      `${source} does not open the subject keys already stored: it is not the key they were sealed with ` +
        `(restore the right key; nothing was written)`,
    );
    this.name = 'MasterKeyMismatchError';
  }
}

/** A subject whose key was destroyed can never receive a key again: erasure is final. */
export class SubjectErasedError extends EventStoreError {
  readonly code = 'PERSONAL_DATA.SUBJECT_ERASED';
  constructor(readonly subjectId: string) {
    super(`Subject ${subjectId} was erased; no new personal data can be stored for it`);
    this.name = 'SubjectErasedError';
  }
}

export type IntegrityFailure =
  'AUTHENTICATION_FAILED' | 'MALFORMED_ENVELOPE' | 'SUBJECT_KEY_MISSING' | 'WRAPPED_KEY_INVALID';

/**
 * Sealed data or a wrapped key that does not authenticate: tampering, a wrong master key or a lost key row.
 * Deliberately loud, unlike erasure, which reads as `ERASED`. Carries ids and field names, never values.
 */
export class PersonalDataIntegrityError extends EventStoreError {
  readonly code = 'PERSONAL_DATA.INTEGRITY';
  constructor(
    readonly reason: IntegrityFailure,
    readonly where: {
      readonly streamId?: string;
      readonly eventId?: string;
      readonly field?: string;
      readonly subjectId?: string;
    },
  ) {
    const place = Object.entries(where)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(' ');
    super(`Personal data integrity check failed (${reason}) at ${place}`);
    this.name = 'PersonalDataIntegrityError';
  }
}
