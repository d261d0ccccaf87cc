import Database from 'better-sqlite3';
import type { MasterKey } from './master-key';
import { SubjectErasedError } from './personal-data.errors';
import {
  generateSubjectKey,
  SUBJECT_KEY_DESTROYED,
  type SubjectKey,
  type SubjectKeyDestroyed,
  type SubjectKeyStore,
} from './subject-key-store';

export interface SqliteSubjectKeyStoreOptions {
  readonly masterKey: MasterKey;
  /** A database file (or `:memory:`); ignored when `database` is given. */
  readonly filename?: string;
  /** Share a connection, e.g. the event store's; the caller then owns closing it. */
  readonly database?: Database.Database;
  readonly tableName?: string;
}

interface KeyRow {
  readonly wrapped_key: string | null;
  readonly destroyed_at: string | null;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

export function openSqliteSubjectKeyStore(options: SqliteSubjectKeyStoreOptions): SubjectKeyStore {
  const table = options.tableName ?? 'subject_keys';
  if (!TABLE_NAME.test(table)) throw new Error(`Invalid table name for subject keys: ${table}`);
  const ownsDatabase = options.database === undefined;
  const db = options.database ?? new Database(options.filename ?? ':memory:');
  if (ownsDatabase) {
    db.pragma('journal_mode = WAL');
    // The API and the worker may share the file: a checkpoint after a destroy waits for the other's reads.
    db.pragma('busy_timeout = 5000');
  }
  // Without it the destroyed wrapped key would linger in free pages of the file until they are reused.
  db.pragma('secure_delete = ON');
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
    subject_id   TEXT PRIMARY KEY,
    wrapped_key  TEXT,
    created_at   TEXT NOT NULL,
    destroyed_at TEXT
  ) STRICT`);

  const insertIfAbsent = db.prepare<[string, string, string]>(
    `INSERT INTO ${table} (subject_id, wrapped_key, created_at) VALUES (?, ?, ?) ON CONFLICT(subject_id) DO NOTHING`,
  );
  const select = db.prepare<[string], KeyRow>(
    `SELECT wrapped_key, destroyed_at FROM ${table} WHERE subject_id = ?`,
  );
  // The key bytes are overwritten with NULL in place; the row stays as the tombstone.
  const tombstone = db.prepare<[string, string, string]>(
    `INSERT INTO ${table} (subject_id, wrapped_key, created_at, destroyed_at) VALUES (?, NULL, ?, ?)
     ON CONFLICT(subject_id) DO UPDATE SET wrapped_key = NULL, destroyed_at = COALESCE(destroyed_at, excluded.destroyed_at)`,
  );

  const aLive = db
    .prepare<[], string>(`SELECT subject_id FROM ${table} WHERE wrapped_key IS NOT NULL LIMIT 1`)
    .pluck();

  const lookup = (subjectId: string): SubjectKey | null | SubjectKeyDestroyed => {
    const row = select.get(subjectId);
    if (row === undefined) return null;
    if (row.destroyed_at !== null || row.wrapped_key === null) return SUBJECT_KEY_DESTROYED;
    return options.masterKey.unwrap(row.wrapped_key, subjectId);
  };

  return {
    async create(subjectId) {
      const now = new Date().toISOString();
      insertIfAbsent.run(subjectId, options.masterKey.wrap(generateSubjectKey(), subjectId), now);
      const key = lookup(subjectId);
      if (key === null || key === SUBJECT_KEY_DESTROYED) throw new SubjectErasedError(subjectId);
      return key;
    },
    async get(subjectId) {
      return lookup(subjectId);
    },
    async destroy(subjectId) {
      const now = new Date().toISOString();
      tombstone.run(subjectId, now, now);
      // secure_delete zeroes the wrapped key in the file, but the log keeps the page as it was until its frame
      // is overwritten: a truncating checkpoint empties it.
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as [{ busy: number } | undefined];
      if (result !== undefined && result.busy !== 0)
        throw new Error('the destroyed key could not be purged from the write-ahead log: a reader held it');
    },
    async aLiveSubject() {
      return aLive.get() ?? null;
    },
    async close() {
      if (ownsDatabase && db.open) db.close();
    },
  };
}
