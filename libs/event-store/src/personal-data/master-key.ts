import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  InvalidMasterKeyError,
  MasterKeyMismatchError,
  MasterKeyMissingError,
  PersonalDataIntegrityError,
} from './personal-data.errors';
import type { SubjectKeyStore } from './subject-key-store';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Base64 of exactly 32 bytes: 43 significant characters and one padding `=`. */
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const WRAP_FORMAT = 'v1';

/**
 * The key that wraps every subject key. Kept in a class so that logging it by mistake (console, pino,
 * JSON) prints a placeholder instead of key material.
 */
export class MasterKey {
  readonly #bytes: Buffer;

  private constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  static fromBytes(bytes: Uint8Array): MasterKey {
    if (bytes.length !== KEY_BYTES) throw new InvalidMasterKeyError('master key');
    return new MasterKey(Buffer.from(bytes));
  }

  static fromBase64(text: string, source = 'master key'): MasterKey {
    const trimmed = text.trim();
    if (!BASE64_32_BYTES.test(trimmed)) throw new InvalidMasterKeyError(source);
    return new MasterKey(Buffer.from(trimmed, 'base64'));
  }

  static generate(): MasterKey {
    return new MasterKey(randomBytes(KEY_BYTES));
  }

  toBase64(): string {
    return this.#bytes.toString('base64');
  }

  /**
   * AES-256-GCM key wrap. The subject id is the AAD so that a wrapped key copied onto another subject's row
   * fails to unwrap instead of silently decrypting someone else's data.
   */
  wrap(subjectKey: Buffer, subjectId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#bytes, iv);
    cipher.setAAD(Buffer.from(subjectId, 'utf8'));
    const ct = Buffer.concat([cipher.update(subjectKey), cipher.final()]);
    return [
      WRAP_FORMAT,
      iv.toString('base64'),
      ct.toString('base64'),
      cipher.getAuthTag().toString('base64'),
    ].join('.');
  }

  unwrap(wrapped: string, subjectId: string): Buffer {
    const parts = wrapped.split('.');
    const [format, iv, ct, tag] = parts;
    const fail = (): never => {
      throw new PersonalDataIntegrityError('WRAPPED_KEY_INVALID', { subjectId });
    };
    if (
      parts.length !== 4 ||
      format !== WRAP_FORMAT ||
      iv === undefined ||
      ct === undefined ||
      tag === undefined
    )
      return fail();
    try {
      const ivBytes = Buffer.from(iv, 'base64');
      const tagBytes = Buffer.from(tag, 'base64');
      if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) return fail();
      const decipher = createDecipheriv('aes-256-gcm', this.#bytes, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(subjectId, 'utf8'));
      decipher.setAuthTag(tagBytes);
      const key = Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]);
      return key.length === KEY_BYTES ? key : fail();
    } catch (error) {
      if (error instanceof PersonalDataIntegrityError) throw error;
      return fail();
    }
  }

  toString(): string {
    return '[MasterKey]';
  }

  toJSON(): string {
    return '[MasterKey]';
  }

  [inspect.custom](): string {
    return '[MasterKey]';
  }
}

export interface MasterKeyLog {
  info(message: string): void;
}

export interface LoadMasterKeyOptions {
  /** The `DATA_KEY` environment variable: base64 of 32 bytes. Takes precedence over the key file. */
  readonly dataKey?: string;
  /** Where the embedded default keeps `master.key`. */
  readonly dataDir: string;
  /**
   * Files in `dataDir` that hold data sealed with the master key (the events and the subject keys): while any
   * of them exists, a missing `master.key` is an error, not a first start.
   */
  readonly sealedDataFiles?: readonly string[];
  /**
   * Where else data sealed with the master key may be kept (MongoDB's subject keys): what holds some, named for
   * the operator, or nothing. Asked, like the files, only before a key would be generated.
   */
  readonly sealedDataElsewhere?: () => Promise<readonly string[]>;
  readonly log: MasterKeyLog;
}

export const MASTER_KEY_FILE = 'master.key';

/**
 * Production passes DATA_KEY (from a secret store). The embedded default keeps the key in a 0600 file next
 * to the data, generated on first start, so that a demo runs with no setup; losing that file loses every
 * piece of personal data, hence the log line naming where it is.
 */
export async function loadMasterKey(options: LoadMasterKeyOptions): Promise<MasterKey> {
  if (options.dataKey !== undefined && options.dataKey.trim() !== '') {
    return MasterKey.fromBase64(options.dataKey, 'DATA_KEY');
  }
  const path = join(options.dataDir, MASTER_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing !== null) return MasterKey.fromBase64(existing, path);
  const sealed = [
    ...(options.sealedDataFiles ?? [])
      .filter((file) => existsSync(join(options.dataDir, file)))
      .map((file) => join(options.dataDir, file)),
    ...((await options.sealedDataElsewhere?.()) ?? []),
  ];
  if (sealed.length > 0) throw new MasterKeyMissingError(path, sealed);

  await mkdir(options.dataDir, { recursive: true });
  const generated = MasterKey.generate();
  try {
    // `wx` so that two processes starting together cannot overwrite each other's fresh key.
    await writeFile(path, `${generated.toBase64()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (isErrno(error, 'EEXIST')) {
      const raced = await readKeyFile(path);
      if (raced !== null) return MasterKey.fromBase64(raced, path);
    }
    throw error;
  }
  options.log.info(
    `Generated a new master key at ${path}; back it up: without it personal data cannot be read`,
  );
  return generated;
}

async function readKeyFile(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
}

// Not `instanceof Error`: errors from Node's own modules come from another realm under some test runners.
const isErrno = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;

/**
 * Opens one stored subject key with the master key, so that a wrong DATA_KEY or `master.key` stops the start
 * instead of failing every command and read that touches a known person, while new people get keys sealed with
 * the wrong one. `source` names the key for the operator (`DATA_KEY`, or the key file's path).
 */
export async function assertMasterKeyOpensStoredKeys(keys: SubjectKeyStore, source: string): Promise<void> {
  const subjectId = await keys.aLiveSubject();
  if (subjectId === null) return;
  try {
    await keys.get(subjectId);
  } catch (error) {
    if (error instanceof PersonalDataIntegrityError && error.reason === 'WRAPPED_KEY_INVALID')
      throw new MasterKeyMismatchError(source);
    throw error;
  }
}
