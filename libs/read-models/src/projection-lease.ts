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

export interface RedisProjectionLeaseOptions {
  readonly redis: Redis;
  readonly key?: string;
  /** How long the lease outlives its holder's last renewal: the longest a dead holder blocks a take-over. */
  readonly ttlMs?: number;
  /** How often to renew, and how often a waiting instance retries; default a third of `ttlMs`. */
  readonly renewEveryMs?: number;
  readonly onEvent?: (event: {
    readonly kind: 'acquired' | 'lost' | 'released';
    readonly key: string;
  }) => void;
}

/** Extends the expiry only while the lease still carries our token, so a lease another instance took is left alone. */
const RENEW_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A Redis lease: `SET key token NX PX ttl`, renewed with a compare-and-set script. A holder that cannot renew
 * before its lease would expire treats it as lost (and stops) before anyone else can acquire it.
 */
export class RedisProjectionLease implements ProjectionLease {
  readonly key: string;
  private readonly ttlMs: number;
  private readonly renewEveryMs: number;
  private token: string | null = null;
  private renewal: AbortController | null = null;

  constructor(private readonly options: RedisProjectionLeaseOptions) {
    this.key = options.key ?? 'pruvodce:projections:lease';
    this.ttlMs = options.ttlMs ?? 15_000;
    this.renewEveryMs = options.renewEveryMs ?? Math.max(50, Math.floor(this.ttlMs / 3));
  }

  async acquire(signal: AbortSignal): Promise<HeldLease | null> {
    while (!signal.aborted) {
      const token = randomUUID();
      let acquired = false;
      try {
        acquired =
          (await withTimeout(this.options.redis.set(this.key, token, 'PX', this.ttlMs, 'NX'), this.ttlMs)) ===
          'OK';
      } catch {
        // Redis unreachable: keep waiting; projections must not run without the lease.
      }
      if (acquired) {
        this.token = token;
        this.options.onEvent?.({ kind: 'acquired', key: this.key });
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
      await this.options.redis.eval(RELEASE_SCRIPT, 1, this.key, token);
      this.options.onEvent?.({ kind: 'released', key: this.key });
    } catch {
      // The lease then simply expires after ttlMs.
    }
  }

  private keepRenewed(token: string, acquiredAt: number): AbortSignal {
    const renewal = new AbortController();
    this.renewal = renewal;
    return keepLeaseRenewed({
      acquiredAt,
      ttlMs: this.ttlMs,
      renewEveryMs: this.renewEveryMs,
      renewal,
      renew: async (validUntil) =>
        (await withTimeout(
          this.options.redis.eval(RENEW_SCRIPT, 1, this.key, token, String(this.ttlMs)),
          validUntil - Date.now(),
        )) === 1,
      onLost: () => {
        if (this.token === token) this.token = null;
        this.options.onEvent?.({ kind: 'lost', key: this.key });
      },
    });
  }
}

export interface LeaseRenewal {
  readonly acquiredAt: number;
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  /** Aborted by the holder's release: renewals stop, and the lease is not reported lost. */
  readonly renewal: AbortController;
  /** Extends the lease by `ttlMs` if it is still ours; false when another holder has it. May throw (store unreachable). */
  renew(validUntil: number): Promise<boolean>;
  onLost(): void;
}

/**
 * Renews a held lease until released, and returns what aborts once it is lost: a renewal refused, or none
 * accepted before it would expire. Validity is counted from before each renewal is sent, so the holder gives
 * up no later than the store lets the lease expire, and before anyone else can take it.
 */
export function keepLeaseRenewed(options: LeaseRenewal): AbortSignal {
  const { ttlMs, renewEveryMs, renewal } = options;
  const lost = new AbortController();
  let validUntil = options.acquiredAt + ttlMs;
  const loseLease = (): void => {
    if (lost.signal.aborted) return;
    renewal.abort();
    options.onLost();
    lost.abort();
  };
  const loop = async (): Promise<void> => {
    while (!renewal.signal.aborted) {
      await sleep(Math.min(renewEveryMs, Math.max(0, validUntil - Date.now() - 1)), renewal.signal);
      if (renewal.signal.aborted) return;
      if (Date.now() >= validUntil) return loseLease();
      const sentAt = Date.now();
      try {
        if (!(await options.renew(validUntil))) return loseLease();
        validUntil = sentAt + ttlMs;
      } catch {
        if (Date.now() >= validUntil) return loseLease();
      }
    }
  };
  void loop();
  return lost.signal;
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
