import { join } from 'node:path';
import { fromPlainWireError, OrderedWorker, type PlainWireError } from '@app/platform/ordered-worker';
import type Database from 'better-sqlite3';
import { ReadModelError } from '../../errors';

export type SqlValue = string | number | bigint | null;

/** One statement of a write and the values bound to it. */
export interface StatementRun {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** Where document writes are committed: on the event loop, or on a thread of their own (ADR 14). */
export interface DocumentWriter {
  /** Runs the statements in one transaction, in the order given; resolves with each one's count of changed rows. */
  run(statements: readonly StatementRun[]): Promise<number[]>;
  close(): Promise<void>;
}

/** Statements prepared once per SQL text, the oldest dropped beyond `max`: queries and writes repeat with other values only. */
export class PreparedStatements {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly max = 200,
  ) {}

  /** After a schema change: statements prepared before it may name columns that are gone. */
  clear(): void {
    this.statements.clear();
  }

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= this.max)
        this.statements.delete(this.statements.keys().next().value as string);
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** The statements of one write, in one IMMEDIATE transaction (the write lock up front, as the event store does). */
export function transactionRunner(
  db: Database.Database,
  prepared: PreparedStatements,
): (statements: readonly StatementRun[]) => number[] {
  const transaction = db.transaction((statements: readonly StatementRun[]) =>
    statements.map(({ sql, params }) => prepared.get(sql).run(...params).changes),
  );
  return (statements) => transaction.immediate(statements);
}

export class InlineDocumentWriter implements DocumentWriter {
  private readonly runAll: (statements: readonly StatementRun[]) => number[];

  constructor(db: Database.Database, prepared: PreparedStatements) {
    this.runAll = transactionRunner(db, prepared);
  }

  run(statements: readonly StatementRun[]): Promise<number[]> {
    try {
      return Promise.resolve(this.runAll(statements));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The writer thread has stopped (it crashed, or could not open the file); nothing more can be written. */
export class DocumentWriterStoppedError extends ReadModelError {
  readonly code = 'READ_MODELS.WRITER_STOPPED';
  constructor() {
    super('The read-model writer stopped; writes are refused until the store is reopened');
    this.name = 'DocumentWriterStoppedError';
  }
}

export interface DocumentWriterThreadData {
  readonly filename: string;
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly busyTimeoutMs: number;
}

export type DocumentWriterRequest =
  { readonly type: 'run'; readonly statements: readonly StatementRun[] } | { readonly type: 'close' };

export type DocumentWriterReply = { readonly changes: number[] } | { readonly failure: PlainWireError };

/**
 * Commits on a thread of its own, which answers in the order it was asked. Started at the first write, so that a
 * store only read runs no thread.
 */
/** How long writes are refused after the writer thread died, before the next one starts a new thread. */
export const WRITER_RESTART_AFTER_MS = 1_000;

export class ThreadDocumentWriter implements DocumentWriter {
  private readonly thread: OrderedWorker<DocumentWriterRequest, DocumentWriterReply>;

  constructor(data: DocumentWriterThreadData) {
    this.thread = new OrderedWorker(
      join(__dirname, 'sqlite-document-writer.worker.js'),
      data,
      // A write in flight may or may not have been committed; either way its checkpoint says where to resume.
      () => new DocumentWriterStoppedError(),
      { restartAfterMs: WRITER_RESTART_AFTER_MS },
    );
  }

  run(statements: readonly StatementRun[]): Promise<number[]> {
    return new Promise<number[]>((resolve, reject) => {
      this.thread.send(
        { type: 'run', statements },
        (reply) => {
          if ('changes' in reply) resolve(reply.changes);
          else reject(fromPlainWireError(reply.failure));
        },
        reject,
      );
    });
  }

  close(): Promise<void> {
    // After every write asked for before it: the thread answers those first.
    return this.thread.close({ type: 'close' });
  }
}
