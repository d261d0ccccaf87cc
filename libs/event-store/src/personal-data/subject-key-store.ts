import { randomBytes } from 'node:crypto';

/** Returned by `get` for a subject whose key was destroyed (crypto-shredded). */
export const SUBJECT_KEY_DESTROYED = Symbol('SUBJECT_KEY_DESTROYED');
export type SubjectKeyDestroyed = typeof SUBJECT_KEY_DESTROYED;

/** A subject's data key: 32 random bytes for AES-256-GCM. */
export type SubjectKey = Buffer;

/**
 * One key per data subject (a client, a volunteer). Adapters store keys wrapped by the master key; a
 * destroyed key leaves only a tombstone so that it can never be created again (erasure is final).
 */
export interface SubjectKeyStore {
  /** Idempotent: returns the existing key when there is one. Throws `SubjectErasedError` after `destroy`. */
  create(subjectId: string): Promise<SubjectKey>;
  /** The key, `null` when none was ever created, or `SUBJECT_KEY_DESTROYED`. */
  get(subjectId: string): Promise<SubjectKey | null | SubjectKeyDestroyed>;
  /** Idempotent. Destroying a subject that never had a key still records the tombstone. */
  destroy(subjectId: string): Promise<void>;
  /** Some subject whose key is held (not destroyed), or `null` when there is none: to check the master key at start. */
  aLiveSubject(): Promise<string | null>;
  close(): Promise<void>;
}

export const isSubjectKeyDestroyed = (value: unknown): value is SubjectKeyDestroyed =>
  value === SUBJECT_KEY_DESTROYED;

export const generateSubjectKey = (): SubjectKey => randomBytes(32);
