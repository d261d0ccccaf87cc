import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { sleep } from './event-batcher';

/** Held while this instance may run projections; `lost` aborts when another instance may have taken over. */
export interface HeldLease {
  readonly lost: AbortSignal;
}

/** Ensures one projection runner at a time. */
export interface ProjectionLease {
  /** Resolves once the lease is held; resolves `null` when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<HeldLease | null>;
  /** Gives the lease up so that another instance can take over at once. */
  release(): Promise<void>;
}

/** The embedded default: one process, nothing to coordinate. */
export class NoopProjectionLease implements ProjectionLease {
  async acquire(): Promise<HeldLease> {
    return { lost: new AbortController().signal };
  }

  async release(): Promise<void> {}
}

export type LeaseEventKind = 'acquired' | 'lost' | 'released';

/**
 * A lease held by a token in a shared store, for a limited time, renewed while held. Subclasses say how the
 * store takes, renews and drops it; the waiting, renewing and giving up are the same for every store. A holder
 * that cannot renew before its lease would expire treats it as lost (and stops) before anyone else can take it.
 */
export abstract class ExpiringLease implements ProjectionLease {
  protected readonly ttlMs: number;
  /** How often to renew, and how often a waiting instance retries. */
  protected readonly renewEveryMs: number;
  private token: string | null = null;
  private renewal: AbortController | null = null;

  protected constructor(options: { readonly ttlMs?: number; readonly renewEveryMs?: number }) {
    this.ttlMs = options.ttlMs ?? 15_000;
    this.renewEveryMs = options.renewEveryMs ?? Math.max(50, Math.floor(this.ttlMs / 3));
  }

  /** Takes the lease for `token` if it is free; may throw (store unreachable or busy), which is retried. */
  protected abstract take(token: string): Promise<boolean>;
  /** Extends the lease by `ttlMs` if `token` still holds it, answering by `validUntil`; may throw. */
  protected abstract renew(token: string, validUntil: number): Promise<boolean>;
  /** Frees the lease if `token` still holds it; may throw (the lease then expires). */
  protected abstract drop(token: string): Promise<void>;
  protected abstract report(kind: LeaseEventKind): void;

  async acquire(signal: AbortSignal): Promise<HeldLease | null> {
    while (!signal.aborted) {
      const token = randomUUID();
      let acquired = false;
      try {
        acquired = await this.take(token);
      } catch {
        // Keep waiting: projections must not run without the lease.
      }
      if (acquired) {
        this.token = token;
        this.report('acquired');
        return { lost: this.keepRenewed(token, Date.now()) };
      }
      await sleep(this.renewEveryMs, signal);
    }
    return null;
  }

  async release(): Promise<void> {
    this.renewal?.abort();
    this.renewal = null;
    const token = this.token;
    this.token = null;
    if (token === null) return;
    try {
      await this.drop(token);
      this.report('released');
    } catch {
      // The lease then simply expires after ttlMs.
    }
  }

  private keepRenewed(token: string, acquiredAt: number): AbortSignal {
    const lost = new AbortController();
    const renewal = new AbortController();
    this.renewal = renewal;
    // Counted from before each renewal is sent, so the holder gives up no later than the store expires the lease.
    let validUntil = acquiredAt + this.ttlMs;
    const loseLease = (): void => {
      if (lost.signal.aborted) return;
      renewal.abort();
      if (this.token === token) this.token = null;
      this.report('lost');
      lost.abort();
    };
    const loop = async (): Promise<void> => {
      while (!renewal.signal.aborted) {
        await sleep(Math.min(this.renewEveryMs, Math.max(0, validUntil - Date.now() - 1)), renewal.signal);
        if (renewal.signal.aborted) return;
        if (Date.now() >= validUntil) return loseLease();
        const sentAt = Date.now();
        try {
          if (!(await this.renew(token, validUntil))) return loseLease();
          validUntil = sentAt + this.ttlMs;
        } catch {
          if (Date.now() >= validUntil) return loseLease();
        }
      }
    };
    void loop();
    return lost.signal;
  }
}

export interface RedisProjectionLeaseOptions {
  readonly redis: Redis;
  readonly key?: string;
  /** How long the lease outlives its holder's last renewal: the longest a dead holder blocks a take-over. */
  readonly ttlMs?: number;
  /** How often to renew, and how often a waiting instance retries; default a third of `ttlMs`. */
  readonly renewEveryMs?: number;
  readonly onEvent?: (event: { readonly kind: LeaseEventKind; readonly key: string }) => void;
}

/** Extends the expiry only while the lease still carries our token, so a lease another instance took is left alone. */
const RENEW_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A Redis lease: `SET key token NX PX ttl`, renewed with a compare-and-set script. */
export class RedisProjectionLease extends ExpiringLease {
  readonly key: string;

  constructor(private readonly options: RedisProjectionLeaseOptions) {
    super(options);
    this.key = options.key ?? 'pruvodce:projections:lease';
  }

  protected async take(token: string): Promise<boolean> {
    return (
      (await withTimeout(this.options.redis.set(this.key, token, 'PX', this.ttlMs, 'NX'), this.ttlMs)) ===
      'OK'
    );
  }

  protected async renew(token: string, validUntil: number): Promise<boolean> {
    const renewed = await withTimeout(
      this.options.redis.eval(RENEW_SCRIPT, 1, this.key, token, String(this.ttlMs)),
      validUntil - Date.now(),
    );
    return renewed === 1;
  }

  protected async drop(token: string): Promise<void> {
    await this.options.redis.eval(RELEASE_SCRIPT, 1, this.key, token);
  }

  protected report(kind: LeaseEventKind): void {
    this.options.onEvent?.({ kind, key: this.key });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('lease renewal timed out')), Math.max(1, ms));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
