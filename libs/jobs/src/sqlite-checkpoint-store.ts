import Database from 'better-sqlite3';
import type { CheckpointStore } from './checkpoint-store';

export interface SqliteCheckpointStoreOptions {
  /** A file path, or `:memory:`. May be the event store's own file: the table name is the jobs library's own. */
  readonly filename: string;
  readonly busyTimeoutMs?: number;
}

/** Reactor checkpoints in their own table; positions are stored as 64-bit integers and read back as `bigint`. */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly selectPosition: Database.Statement<[string], { position: bigint }>;
  private readonly upsertPosition: Database.Statement<[string, bigint, string]>;

  constructor(
    private readonly db: Database.Database,
    private readonly ownsDatabase = false,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS job_reactor_checkpoints (
      name TEXT PRIMARY KEY,
      position INTEGER NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`);
    this.selectPosition = db
      .prepare<[string], { position: bigint }>('SELECT position FROM job_reactor_checkpoints WHERE name = ?')
      .safeIntegers(true);
    this.upsertPosition = db.prepare<[string, bigint, string]>(
      `INSERT INTO job_reactor_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    );
  }

  async get(name: string): Promise<bigint | null> {
    return this.selectPosition.get(name)?.position ?? null;
  }

  async set(name: string, position: bigint): Promise<void> {
    this.upsertPosition.run(name, position, new Date().toISOString());
  }

  close(): void {
    if (this.ownsDatabase) this.db.close();
  }
}

export function openSqliteCheckpointStore(options: SqliteCheckpointStoreOptions): SqliteCheckpointStore {
  const db = new Database(options.filename, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return new SqliteCheckpointStore(db, true);
  } catch (error) {
    db.close();
    throw error;
  }
}
