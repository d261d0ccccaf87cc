import type Database from 'better-sqlite3';

/**
 * `position` is the rowid, assigned as max+1 inside the write transaction, so global positions have no gaps
 * and a reader never sees a hole that a slower writer fills later. UNIQUE(stream_id, revision) is also the
 * index that stream reads use; a second index on the same columns would only slow writes down. The partial
 * index of first events (one entry per stream) lets a reader list streams without scanning every event.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    TEXT    NOT NULL UNIQUE,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
CREATE INDEX IF NOT EXISTS events_first_of_stream ON events (position) WHERE revision = 0;
CREATE TABLE IF NOT EXISTS streams (
  stream_id     TEXT    PRIMARY KEY,
  revision      INTEGER NOT NULL,
  last_hash     TEXT    NOT NULL,
  last_position INTEGER NOT NULL
) WITHOUT ROWID;
`;

export type SynchronousMode = 'FULL' | 'NORMAL';

export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** The settings of every connection to the file (the store's own and its writer thread's). */
export function configureConnection(db: Database.Database, synchronous: SynchronousMode): void {
  // WAL lets readers (subscriptions, other processes) proceed while one writer commits.
  db.pragma('journal_mode = WAL');
  // SQLite checkpoints on the commit that takes the WAL past this many pages, and every append waiting behind
  // that commit waits for the checkpoint too. At its default of 1,000 pages (4 MB: 70-odd commits of access
  // records) that was a 5–7 ms stall several times a second under load. At 10,000 the stalls are ten times
  // rarer and not ten times longer, since the pages rewritten commit after commit (index edges, stream heads)
  // are copied into the database once. The WAL file then stays at about 40 MB.
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
}

export function prepareDatabase(db: Database.Database, synchronous: SynchronousMode): void {
  configureConnection(db, synchronous);
  db.transaction(() => db.exec(SCHEMA)).immediate();
}
