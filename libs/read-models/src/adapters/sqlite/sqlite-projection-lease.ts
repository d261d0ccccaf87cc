import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { ExpiringLease, type LeaseEventKind } from '../../projection-lease';

export interface SqliteProjectionLeaseOptions {
  /**
   * A SQLite file of its own beside the read models (`projections.lease` in DATA_DIR): in the read models' file,
   * a renewal would wait behind their writes, and a long index build could cost the holder its lease.
   */
  readonly filename: string;
  readonly name?: string;
  /** How long the lease outlives its holder's last renewal: the longest a dead holder on another host blocks a take-over. */
  readonly ttlMs?: number;
  /** How often to renew, and how often a waiting instance retries; default a third of `ttlMs`. */
  readonly renewEveryMs?: number;
  readonly onEvent?: (event: { readonly kind: LeaseEventKind; readonly name: string }) => void;
}

interface LeaseRow {
  token: string;
  holder_host: string;
  holder_pid: number;
  expires_at: number;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS _projection_lease (
  name        TEXT    PRIMARY KEY,
  token       TEXT    NOT NULL,
  holder_host TEXT    NOT NULL,
  holder_pid  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
)`;

/** Whether a process of this host is running: `kill(pid, 0)` checks without signalling. */
function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded default's lease: a row in a small SQLite file in DATA_DIR, so that only one process on a DATA_DIR
 * projects into it (the API, the worker, or `npm run projections -- rebuild`), as the Redis lease does in
 * production. Taken in an IMMEDIATE transaction when free, expired, or held by a process of this host that no
 * longer runs (a crash, `kill -9`): a restart on the same machine does not wait for the lease to expire.
 */
export class SqliteProjectionLease extends ExpiringLease {
  readonly name: string;
  private readonly db: Database.Database;
  private readonly host = hostname();
  private readonly statements: {
    read: Database.Statement<[string], LeaseRow>;
    take: Database.Statement<[string, string, string, number, number]>;
    renew: Database.Statement<[number, string, string]>;
    release: Database.Statement<[string, string]>;
  };
  private readonly tryTake: Database.Transaction<(token: string) => boolean>;

  constructor(private readonly options: SqliteProjectionLeaseOptions) {
    super(options);
    this.name = options.name ?? 'projections';
    // A renewal runs on the event loop: it waits briefly for another process's transaction, then retries later.
    this.db = new Database(options.filename, { timeout: 100 });
    this.db.exec(SCHEMA);
    this.statements = {
      read: this.db.prepare(
        'SELECT token, holder_host, holder_pid, expires_at FROM _projection_lease WHERE name = ?',
      ),
      take: this.db.prepare(
        `INSERT INTO _projection_lease (name, token, holder_host, holder_pid, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET token = excluded.token, holder_host = excluded.holder_host,
           holder_pid = excluded.holder_pid, expires_at = excluded.expires_at`,
      ),
      renew: this.db.prepare('UPDATE _projection_lease SET expires_at = ? WHERE name = ? AND token = ?'),
      release: this.db.prepare('DELETE FROM _projection_lease WHERE name = ? AND token = ?'),
    };
    this.tryTake = this.db.transaction((token: string) => {
      const now = Date.now();
      const held = this.statements.read.get(this.name);
      const free =
        held === undefined ||
        held.expires_at <= now ||
        (held.holder_host === this.host &&
          held.holder_pid !== process.pid &&
          !processRunning(held.holder_pid));
      if (!free) return false;
      this.statements.take.run(this.name, token, this.host, process.pid, now + this.ttlMs);
      return true;
    });
  }

  /** Releases the lease if held, then closes the connection. */
  async close(): Promise<void> {
    await this.release();
    if (this.db.open) this.db.close();
  }

  protected take(token: string): Promise<boolean> {
    return Promise.resolve(this.tryTake.immediate(token));
  }

  protected renew(token: string): Promise<boolean> {
    return Promise.resolve(
      this.statements.renew.run(Date.now() + this.ttlMs, this.name, token).changes === 1,
    );
  }

  protected drop(token: string): Promise<void> {
    this.statements.release.run(this.name, token);
    return Promise.resolve();
  }

  protected report(kind: LeaseEventKind): void {
    this.options.onEvent?.({ kind, name: this.name });
  }
}
