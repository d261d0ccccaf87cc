import Database from 'better-sqlite3';

/**
 * Stands in for an idempotent effect (an append guarded by a deterministic id): the effect table has a unique key,
 * and every execution is also logged so that tests can see a job ran more than once while its effect happened once.
 */
export class EffectLedger {
  private readonly db: Database.Database;

  constructor(filename: string) {
    this.db = new Database(filename, { timeout: 5000 });
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS effects (effect_id TEXT PRIMARY KEY, job_id TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS executions (job_id TEXT NOT NULL, pid INTEGER NOT NULL, attempt INTEGER NOT NULL);
    `);
  }

  apply(effectId: string, jobId: string, attempt: number): void {
    this.db
      .prepare('INSERT INTO executions (job_id, pid, attempt) VALUES (?, ?, ?)')
      .run(jobId, process.pid, attempt);
    this.db
      .prepare('INSERT INTO effects (effect_id, job_id) VALUES (?, ?) ON CONFLICT (effect_id) DO NOTHING')
      .run(effectId, jobId);
  }

  effects(): { effect_id: string; job_id: string }[] {
    return this.db
      .prepare<[], { effect_id: string; job_id: string }>(
        'SELECT effect_id, job_id FROM effects ORDER BY effect_id',
      )
      .all();
  }

  executions(): { job_id: string; pid: number; attempt: number }[] {
    return this.db
      .prepare<[], { job_id: string; pid: number; attempt: number }>(
        'SELECT job_id, pid, attempt FROM executions',
      )
      .all();
  }

  close(): void {
    this.db.close();
  }
}
