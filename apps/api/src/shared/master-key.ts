import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { loadMasterKey, type MasterKey } from '@app/event-store';
import type { AppConfig } from '@app/platform';

/**
 * A key of its own for one use, derived from the master key that seals personal data: every process of one
 * installation derives the same, and no two uses share a key (`info` names the use and its version).
 */
export function deriveKey(masterKey: MasterKey, info: string): KeyObject {
  // A KeyObject, not the bytes: Node 24 checks a raw key on every HMAC or cipher made with it (8 µs an HMAC).
  return createSecretKey(
    Buffer.from(hkdfSync('sha256', Buffer.from(masterKey.toBase64(), 'base64'), '', info, 32)),
  );
}

const loaded = new WeakMap<AppConfig, Map<string, Promise<unknown>>>();

/**
 * What `make` builds from the master key of the API configured by `config`, built once per `use` (by
 * convention the `info` of the key `make` derives). The master key is read the way the runtime read it at
 * startup (DATA_KEY, or `master.key` in DATA_DIR, which the runtime has already created), so the key is the
 * same in every process of one installation.
 */
export function onceFromMasterKey<T>(
  config: AppConfig,
  use: string,
  make: (masterKey: MasterKey) => T,
): Promise<T> {
  const uses = loaded.get(config) ?? new Map<string, Promise<unknown>>();
  loaded.set(config, uses);
  const known = uses.get(use);
  if (known !== undefined) return known as Promise<T>;
  const made = loadMasterKey({
    dataKey: config.dataKey,
    dataDir: config.dataDir,
    // Only says something when it generates a key, which the runtime has already done and logged.
    log: { info: () => undefined },
  }).then(make);
  // A failed load (unreadable key file) is tried again by the next request rather than remembered.
  made.catch(() => uses.delete(use));
  uses.set(use, made);
  return made;
}
