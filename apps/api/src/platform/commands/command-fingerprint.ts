import { createHmac, type KeyObject } from 'node:crypto';
import type { MasterKey } from '@app/event-store';
import type { AppConfig } from '@app/platform';
import { canonicalText } from '../../shared/canonical-text';
import { deriveKey, onceFromMasterKey } from '../../shared/master-key';

/** HKDF `info` of the fingerprint key: a key of its own, shared with neither personal data nor cursors. */
export const COMMAND_FINGERPRINT_KEY_INFO = 'pruvodce:command-fingerprint:v1';

/** 128 bits: collisions between two requests under one commandId are out of reach, and metadata stays small. */
const FINGERPRINT_BYTES = 16;

/**
 * What a mutation was asked to do, as a keyed digest (HMAC-SHA256) of its field name and its `input` without
 * the idempotency key (ADR 18). It is stamped on the events the mutation records, whose metadata is not
 * sealed and outlives erasure: a plain hash of an input holding a name and a date of birth could be found by
 * trying candidates, a digest under a key derived from the master key cannot be computed without it.
 */
export class CommandFingerprints {
  readonly #key: KeyObject;

  private constructor(key: KeyObject) {
    this.#key = key;
  }

  static fromMasterKey(masterKey: MasterKey): CommandFingerprints {
    return new CommandFingerprints(deriveKey(masterKey, COMMAND_FINGERPRINT_KEY_INFO));
  }

  /**
   * The request as the client sent it (after GraphQL coerced it), not the command the server made of it: a
   * default the server fills in (`withdrawnOn`: now) differs between a request and its re-send.
   */
  of(mutation: string, input: unknown): string {
    const request = canonicalText(withoutServerDefaults(mutation, withoutCommandId(input))) ?? 'null';
    return createHmac('sha256', this.#key)
      .update(`${mutation}\u0000${request}`, 'utf8')
      .digest()
      .subarray(0, FINGERPRINT_BYTES)
      .toString('base64url');
  }

  // Key material never reaches a log by accident.
  toString(): string {
    return '[CommandFingerprints]';
  }

  toJSON(): string {
    return '[CommandFingerprints]';
  }
}

/**
 * Optional fields whose absence the server reads as a value (`interpreterUsed`: false): that value is the same
 * request as leaving the field out or sending null, so it is fingerprinted as absent. A default of the server
 * that depends on the time (`withdrawnOn`: now) is no such value and is left out of this table.
 */
const SERVER_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  giveConsent: { interpreterUsed: false },
};

function withoutServerDefaults(mutation: string, input: unknown): unknown {
  const defaults = SERVER_DEFAULTS[mutation];
  if (defaults === undefined || input === null || typeof input !== 'object' || Array.isArray(input))
    return input;
  return Object.fromEntries(
    Object.entries(input as Record<string, unknown>).filter(
      ([field, value]) => !(field in defaults) || defaults[field] !== value,
    ),
  );
}

function withoutCommandId(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const { commandId: _commandId, ...rest } = input as Record<string, unknown>;
  return rest;
}

/** The fingerprints of the API configured by `config`, loaded once (see `onceFromMasterKey`). */
export function commandFingerprintsOf(config: AppConfig): Promise<CommandFingerprints> {
  return onceFromMasterKey(config, COMMAND_FINGERPRINT_KEY_INFO, (masterKey) =>
    CommandFingerprints.fromMasterKey(masterKey),
  );
}

/**
 * The fingerprint of the mutation a request is resolving. One slot per request suffices although a request may
 * hold several mutations: GraphQL resolves a request's mutation fields one after another, each to its end, and
 * the guard fills the slot anew before each.
 */
const resolving = new WeakMap<object, string>();

export function setMutationFingerprint(request: object, fingerprint: string): void {
  resolving.set(request, fingerprint);
}

/** The fingerprint of the mutation `request` is resolving, or undefined outside one (a job, a CLI, a test). */
export const mutationFingerprintOf = (request: object): string | undefined => resolving.get(request);
