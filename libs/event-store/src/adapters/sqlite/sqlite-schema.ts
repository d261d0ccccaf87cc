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

/** The settings of every connection to the file (the store's own and its writer thread's). */
export function configureConnection(db: Database.Database, synchronous: SynchronousMode): void {
  // WAL lets readers (subscriptions, other processes) proceed while one writer commits.
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
}

export function prepareDatabase(db: Database.Database, synchronous: SynchronousMode): void {
  configureConnection(db, synchronous);
  db.transaction(() => db.exec(SCHEMA)).immediate();
}
