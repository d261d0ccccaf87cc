import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { JsonObject, JsonValue } from '../port';
import { PersonalDataIntegrityError } from './personal-data.errors';
import type { SubjectKey } from './subject-key-store';

/** What a sealed field reads as once its subject's key has been destroyed. */
export const ERASED = '[erased]';

/** A personal field as stored: AES-256-GCM ciphertext of the JSON-serialised value, base64 parts. */
export interface SealedEnvelope {
  readonly $sealed: 1;
  readonly iv: string;
  readonly ct: string;
  readonly tag: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const ENVELOPE_KEYS = ['$sealed', 'ct', 'iv', 'tag'];

export interface SealingContext {
  readonly streamId: string;
  readonly eventId: string;
}

/**
 * Binds the ciphertext to its place: moved to another event or stream it no longer authenticates. The NUL
 * separator keeps `("a-b", "c")` and `("a", "b-c")` apart.
 */
const additionalData = ({ streamId, eventId }: SealingContext): Buffer =>
  Buffer.from(`${streamId}\u0000${eventId}`, 'utf8');

export function isSealedEnvelope(value: unknown): value is SealedEnvelope {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort();
  return (
    keys.length === ENVELOPE_KEYS.length &&
    keys.every((key, index) => key === ENVELOPE_KEYS[index]) &&
    (value as SealedEnvelope).$sealed === 1
  );
}

export function sealValue(value: unknown, key: SubjectKey, context: SealingContext): SealedEnvelope {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData(context));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    $sealed: 1,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

export function openValue(
  envelope: SealedEnvelope,
  key: SubjectKey,
  context: SealingContext & { readonly field: string },
): JsonValue {
  const where = { streamId: context.streamId, eventId: context.eventId, field: context.field };
  const iv = Buffer.from(envelope.iv, 'base64');
  const tag = Buffer.from(envelope.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new PersonalDataIntegrityError('MALFORMED_ENVELOPE', where);
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(context));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([
      decipher.update(Buffer.from(envelope.ct, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    // The cause is dropped on purpose: it adds nothing and must never drag decrypted bytes along.
    throw new PersonalDataIntegrityError('AUTHENTICATION_FAILED', where);
  }
  return JSON.parse(plaintext) as JsonValue;
}

/** Replaces each personal field that is present (and defined) by its sealed envelope. */
export function sealFields(
  data: JsonObject,
  fields: readonly string[],
  key: SubjectKey,
  context: SealingContext,
): JsonObject {
  const sealed: JsonObject = { ...data };
  for (const field of fields) {
    if (!Object.hasOwn(data, field) || data[field] === undefined) continue;
    sealed[field] = sealValue(data[field], key, context) as unknown as JsonObject;
  }
  return sealed;
}

export const sealedFieldNames = (data: JsonObject): string[] =>
  Object.keys(data).filter((field) => isSealedEnvelope(data[field]));
