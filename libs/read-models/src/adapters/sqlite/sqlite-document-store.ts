import Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { deepFreeze } from '@app/platform/deep-freeze';
import type {
  ActiveCollection,
  CollectionSpec,
  DocumentState,
  DocumentStore,
  DocumentWrite,
  EnsureCollectionOptions,
  FieldSpec,
  Filter,
  FindOptions,
  JsonObject,
  Page,
  ProjectionCheckpoint,
  StoredDocument,
} from '../../document-store.port';
import { InvalidQueryError, UnknownCollectionError } from '../../errors';
import {
  InlineDocumentWriter,
  PreparedStatements,
  ThreadDocumentWriter,
  type DocumentWriter,
  type SqlValue,
  type StatementRun,
} from './sqlite-document-writer';
import {
  assertDocumentMatchesSpec,
  assertValidCollectionName,
  assertValidCollectionSpec,
  type Condition,
  decodeCursor,
  foldText,
  ID_FIELD,
  type KeysetAtom,
  keysetClauses,
  pageOf,
  pageSize,
  parseFilter,
  parseSort,
  readPath,
} from '../../query-model';

export interface SqliteDocumentStoreOptions {
  /** A file path, or `:memory:` for tests. */
  readonly filename: string;
  /** Read models can be rebuilt from the log, so NORMAL (safe against process crashes under WAL) is the default. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /**
   * Deep-freeze the documents the parsed cache shares, so that code changing a document it was handed throws
   * instead of corrupting what the next reader gets. It costs half as much again as parsing, so it is on
   * where mistakes are looked for: by default under test (NODE_ENV=test), as Immer does in development.
   */
  readonly freezeSharedDocuments?: boolean;
  /**
   * Write documents on a thread of their own, so that the event loop goes on serving while SQLite inserts,
   * keeps the indexes and commits: for a process with other work, such as the API with its projections
   * (ADR 14). Reads and schema changes stay on the event loop. Not for `:memory:` (another thread cannot open it).
   */
  readonly writerThread?: boolean;
}

interface CollectionHandle {
  readonly spec: CollectionSpec;
  readonly table: string;
  /** Declared fields held in plain columns that every write fills (tables from before: generated columns). */
  readonly storedFields: readonly FieldSpec[];
  readonly textFields: readonly FieldSpec[];
  readonly upsertSql: string;
  readonly tombstoneSql: string;
  readonly get: Database.Statement;
  /** The stored position alone: whether a parsed copy is still current, without reading the JSON. */
  readonly position: Database.Statement;
}

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;
const fieldColumn = (field: FieldSpec): string => (field === ID_FIELD ? 'id' : quote(`f:${field.name}`));
const textColumn = (field: FieldSpec): string => quote(`t:${field.name}`);
const jsonPath = (field: FieldSpec): string => `'$.${field.name}'`;
/** Strings sharing the prefix sort below it followed by the highest code point. */
const PREFIX_UPPER_BOUND = '\u{10FFFF}';

const toSql = (value: string | number | boolean | null): SqlValue =>
  typeof value === 'boolean' ? (value ? 1 : 0) : value;

const MAX_CACHED_QUERIES = 200;

const CHECKPOINT_SQL = `INSERT INTO _checkpoints (projection, position) VALUES (?, ?)
  ON CONFLICT (projection) DO UPDATE SET position = excluded.position WHERE excluded.position > _checkpoints.position`;
/** The writer thread may wait long for the lock (a schema change building an index): it holds up no event loop. */
const WRITER_THREAD_BUSY_TIMEOUT_MS = 120_000;
/**
 * Parsed documents kept for reads by id (`states`): more than a program's clients and volunteers, and few
 * enough that a rebuild, which reads documents as it updates them, does not hold many MiB of them.
 */
const MAX_PARSED_DOCUMENTS = 2_000;

const parsedKey = (collection: string, id: string): string => `${collection}\u0000${id}`;

/** `pragma_table_xinfo.hidden` of an ordinary column. */
const PLAIN_COLUMN = 0;

/** What `json_extract` gave the generated columns of earlier tables: scalars as SQL values, booleans as 0/1. */
const fieldValue = (document: JsonObject, field: FieldSpec): SqlValue => {
  const value = readPath(document, field.name);
  return value === undefined || value === null || typeof value === 'object' ? null : toSql(value);
};

const textValue = (document: JsonObject, field: FieldSpec): SqlValue => {
  const value = readPath(document, field.name);
  return typeof value === 'string' ? foldText(value) : null;
};

/** Read models as SQLite tables: one row per document with its JSON, a column and an index per declared field. */
export class SqliteDocumentStore implements DocumentStore {
  private readonly db: Database.Database;
  private readonly writer: DocumentWriter;
  private readonly handles = new Map<string, CollectionHandle>();
  /** Statements by their SQL: pages, counts, checkpoints and (without a thread) writes repeat with other values. */
  private readonly queries: PreparedStatements;
  /** The query of a page by the query of its ids (`pageSql`). */
  private readonly pageQueries = new Map<string, string>();
  /**
   * Documents by collection and id as last read here, refreshed by writes here. A document is a function of its
   * position (a projection writes the same content for the same event), so a copy serves while the stored
   * position is unchanged, whoever else writes the file: parsing JSON was most of a read by id.
   */
  private readonly parsed = new LRUCache<string, DocumentState>({ max: MAX_PARSED_DOCUMENTS });
  /** Documents handed out from the parsed cache are shared with every later reader: nothing may change them. */
  private readonly share: <T>(value: T) => T;
  /** While it returns the same object, only this store writes the file (`serveCopiesUncheckedWhile`). */
  private soleWriterTerm: () => object | null = () => null;
  /** The term under which the copies held were read or written; null while they are checked against the file. */
  private copiesTerm: object | null = null;

  constructor(options: SqliteDocumentStoreOptions) {
    if (options.writerThread === true && options.filename === ':memory:')
      throw new Error('an in-memory document store cannot write on a thread');
    const synchronous = options.synchronous ?? 'NORMAL';
    this.share =
      (options.freezeSharedDocuments ?? process.env.NODE_ENV === 'test') ? deepFreeze : (value) => value;
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    // Rebuilds write in bursts of fat documents: checkpointing the WAL every 40 MB rather than every 4 MB copies
    // pages that are rewritten batch after batch (index edges, checkpoints) into the database once, not ten times.
    this.db.pragma('wal_autocheckpoint = 10000');
    this.db.pragma(`synchronous = ${synchronous}`);
    // The API and the worker may share the file; a writer briefly blocks readers' schema changes.
    this.db.pragma('busy_timeout = 5000');
    // Content a write frees inside a page is zeroed: an erased client's old document must not linger in it.
    this.db.pragma('secure_delete = FAST');
    this.queries = new PreparedStatements(this.db, MAX_CACHED_QUERIES);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS _collections (name TEXT PRIMARY KEY, spec TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS _checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS _active_collections (
        logical_name TEXT PRIMARY KEY, physical_name TEXT NOT NULL, version INTEGER NOT NULL);
    `);
    this.writer =
      options.writerThread === true
        ? new ThreadDocumentWriter({
            filename: options.filename,
            synchronous,
            busyTimeoutMs: WRITER_THREAD_BUSY_TIMEOUT_MS,
          })
        : new InlineDocumentWriter(this.db, this.queries);
  }

  /**
   * Lets copies held here answer reads without asking the file whether their document changed, for as long as
   * `term()` returns the same object: its caller vouches that meanwhile no other process writes the file, as
   * the holder of the projection lease can (ADR 21). Every write made here refreshes the copies, so they stay
   * those of the file. Asking costs a read transaction, which was most of a read by id. A new term starts with
   * no copies, since before it began another process may have written.
   */
  serveCopiesUncheckedWhile(term: () => object | null): void {
    this.soleWriterTerm = term;
  }

  async ensureCollection(spec: CollectionSpec, options: EnsureCollectionOptions = {}): Promise<void> {
    assertValidCollectionSpec(spec);
    const table = quote(spec.name);
    // IMMEDIATE, as every write here: a deferred transaction reads the schema first, and if the writer thread (or
    // another process) commits before it writes, it fails at once with SQLITE_BUSY instead of waiting its turn.
    this.db
      .transaction(() => {
        const exists =
          this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(spec.name) !==
          undefined;
        if (!exists) {
          // A rowid table: documents are often larger than the ~1 KB a WITHOUT ROWID row keeps on its page, and
          // every update of such a row rewrote its overflow pages too.
          this.db.exec(
            `CREATE TABLE ${table} (id TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL, data TEXT)`,
          );
        }
        const columns = new Set(this.columnsOf(spec.name).keys());
        for (const field of spec.fields) {
          if (field.type !== 'string[]' && !columns.has(`f:${field.name}`)) {
            // A plain column filled on every write, not a column generated from the JSON: SQLite would parse the
            // whole document once per indexed field on every write (twice on an update), which dominated rebuilds.
            this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${fieldColumn(field)}`);
            this.backfill(spec.name, fieldColumn(field), (document) => fieldValue(document, field));
          }
          if (field.text === true && !columns.has(`t:${field.name}`)) {
            this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${textColumn(field)} TEXT`);
            this.backfill(spec.name, textColumn(field), (document) => textValue(document, field));
          }
          if (field.type !== 'string[]' && options.deferIndexes !== true) {
            this.db.exec(
              `CREATE INDEX IF NOT EXISTS ${quote(`${spec.name}:f:${field.name}`)} ON ${table} (${fieldColumn(field)}, id)`,
            );
          }
          if (field.text === true && options.deferIndexes !== true) {
            this.db.exec(
              `CREATE INDEX IF NOT EXISTS ${quote(`${spec.name}:t:${field.name}`)} ON ${table} (${textColumn(field)}, id)`,
            );
          }
        }
        this.db
          .prepare(
            `INSERT INTO _collections (name, spec) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET spec = excluded.spec`,
          )
          .run(spec.name, JSON.stringify({ name: spec.name, fields: spec.fields }));
      })
      .immediate();
    this.handles.delete(spec.name);
    this.queries.clear();
    this.pageQueries.clear();
  }

  async listCollections(): Promise<string[]> {
    return (this.db.prepare(`SELECT name FROM _collections ORDER BY name`).all() as { name: string }[]).map(
      (row) => row.name,
    );
  }

  async get<T extends JsonObject = JsonObject>(
    collection: string,
    id: string,
  ): Promise<StoredDocument<T> | null> {
    const state = this.state(collection, id);
    if (state === undefined || state.data === null) return null;
    return { id, position: state.position, data: state.data as T };
  }

  async getMany<T extends JsonObject = JsonObject>(
    collection: string,
    ids: readonly string[],
  ): Promise<Map<string, StoredDocument<T>>> {
    const found = new Map<string, StoredDocument<T>>();
    for (const [id, state] of this.states(collection, ids)) {
      if (state.data !== null) found.set(id, { id, position: state.position, data: state.data as T });
    }
    return found;
  }

  async getStates(collection: string, ids: readonly string[]): Promise<Map<string, DocumentState>> {
    return this.states(collection, ids);
  }

  async find<T extends JsonObject = JsonObject>(
    collection: string,
    options: FindOptions = {},
  ): Promise<Page<T>> {
    return this.withFreshSpec(collection, (handle) => {
      const first = pageSize(options);
      const keys = parseSort(handle.spec, options.sort);
      const params: SqlValue[] = [];
      const where = [
        `data IS NOT NULL`,
        ...parseFilter(handle.spec, options.filter).map((condition) =>
          this.conditionSql(handle, condition, params),
        ),
      ];
      if (options.after !== undefined && options.after !== null) {
        const clauses = keysetClauses(keys, decodeCursor(keys, options.after)).map((clause) => {
          const all = clause.equal.map((atom) => this.atomSql(atom, params));
          const any = clause.after.map((atom) => this.atomSql(atom, params));
          return `(${[...all, `(${any.join(' OR ')})`].join(' AND ')})`;
        });
        where.push(clauses.length === 0 ? '0' : `(${clauses.join(' OR ')})`);
      }
      const orderBy = (qualifier: string) =>
        keys
          .map(({ field, descending }) => `${qualifier}${fieldColumn(field)} ${descending ? 'DESC' : 'ASC'}`)
          .join(', ');
      const rows = this.query(
        this.pageSql(handle.table, where.join(' AND '), orderBy, [...params, first + 1]),
      )
        .safeIntegers(true)
        .all(...params, first + 1) as { id: string; position: bigint; data: string }[];
      const items = rows
        .slice(0, first)
        .map((row) => ({ id: row.id, position: row.position, data: JSON.parse(row.data) as T }));
      return pageOf(keys, items, rows.length > first);
    });
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    return this.withFreshSpec(collection, (handle) => {
      const params: SqlValue[] = [];
      const where = [
        `data IS NOT NULL`,
        ...parseFilter(handle.spec, filter).map((condition) => this.conditionSql(handle, condition, params)),
      ];
      const row = this.query(`SELECT count(*) AS n FROM ${handle.table} WHERE ${where.join(' AND ')}`).get(
        ...params,
      ) as { n: number };
      return row.n;
    });
  }

  async upsert(collection: string, id: string, data: JsonObject, position: bigint): Promise<boolean> {
    return this.write({ kind: 'upsert', collection, id, data, position });
  }

  async delete(collection: string, id: string, position: bigint): Promise<boolean> {
    return this.write({ kind: 'delete', collection, id, position });
  }

  async dropCollection(collection: string): Promise<void> {
    assertValidCollectionName(collection);
    this.db
      .transaction(() => {
        this.db.exec(`DROP TABLE IF EXISTS ${quote(collection)}`);
        this.db.prepare(`DELETE FROM _collections WHERE name = ?`).run(collection);
        this.db.prepare(`DELETE FROM _checkpoints WHERE projection = ?`).run(collection);
      })
      .immediate();
    this.handles.delete(collection);
    this.queries.clear();
    this.pageQueries.clear();
    this.parsed.clear();
  }

  async applyBatch(writes: readonly DocumentWrite[], checkpoint: ProjectionCheckpoint): Promise<void> {
    // Every document is checked before anything is written, so that a bad one changes nothing.
    const statements = writes.map((write) => this.statementOf(write));
    statements.push({ sql: CHECKPOINT_SQL, params: [checkpoint.projection, checkpoint.position] });
    const changes = await this.run(statements);
    writes.forEach((write, index) => {
      if ((changes[index] ?? 0) > 0) this.rememberWritten(write);
    });
  }

  async getCheckpoint(projection: string): Promise<bigint | null> {
    const row = this.query(`SELECT position FROM _checkpoints WHERE projection = ?`)
      .safeIntegers(true)
      .get(projection) as { position: bigint } | undefined;
    return row?.position ?? null;
  }

  async getActiveCollection(logicalName: string): Promise<ActiveCollection | null> {
    const row = this.query(
      `SELECT physical_name AS physicalName, version FROM _active_collections WHERE logical_name = ?`,
    ).get(logicalName) as { physicalName: string; version: number } | undefined;
    return row === undefined ? null : { logicalName, physicalName: row.physicalName, version: row.version };
  }

  async setActiveCollection(active: ActiveCollection): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO _active_collections (logical_name, physical_name, version) VALUES (?, ?, ?)
         ON CONFLICT (logical_name) DO UPDATE SET physical_name = excluded.physical_name, version = excluded.version`,
      )
      .run(active.logicalName, active.physicalName, active.version);
  }

  /**
   * Earlier versions of documents live on in the write-ahead log until its frames are overwritten, long after
   * a checkpoint: a truncating checkpoint copies what is current into the file and empties the log.
   */
  async purgeOverwritten(): Promise<void> {
    // After every write asked for before it: the writer answers in order.
    await this.writer.run([]);
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as [{ busy: number } | undefined];
    if (result !== undefined && result.busy !== 0)
      throw new Error('the read models could not be purged: a reader held the write-ahead log');
  }

  async close(): Promise<void> {
    await this.writer.close();
    if (this.db.open) this.db.close();
  }

  private async write(write: DocumentWrite): Promise<boolean> {
    const [changes] = await this.run([this.statementOf(write)]);
    const written = (changes ?? 0) > 0;
    if (written) this.rememberWritten(write);
    return written;
  }

  private async run(statements: readonly StatementRun[]): Promise<number[]> {
    try {
      return await this.writer.run(statements);
    } catch (error) {
      // A writer thread that died while committing leaves it unknown what reached the file: no copy is trusted.
      this.parsed.clear();
      throw error;
    }
  }

  /**
   * The statement writing one document, its values taken here: the writer, which may be another thread, only
   * runs it. The parsed cache learns of the write once its transaction commits (`rememberWritten`).
   */
  private statementOf(write: DocumentWrite): StatementRun {
    const handle = this.handle(write.collection);
    if (write.kind === 'delete') return { sql: handle.tombstoneSql, params: [write.id, write.position] };
    assertDocumentMatchesSpec(handle.spec, write.data);
    const values = handle.storedFields.map((field) => fieldValue(write.data, field));
    const texts = handle.textFields.map((field) => textValue(write.data, field));
    return {
      sql: handle.upsertSql,
      params: [write.id, write.position, JSON.stringify(write.data), ...values, ...texts],
    };
  }

  /**
   * Refreshes a copy already held, with the writer's own object (copying costs more than parsing: writers hand
   * documents over). Otherwise a document is added only under a term of sole writing, where it then needs no
   * read of the file at all (a mutation's payload reads what its projection just wrote); while copies are
   * checked, a first read must go to the file anyway, and a rebuild writes every document once.
   */
  private rememberWritten(write: DocumentWrite): void {
    const key = parsedKey(write.collection, write.id);
    if (!this.parsed.has(key) && !this.copiesAreCurrent()) return;
    this.parsed.set(
      key,
      this.share({ position: write.position, data: write.kind === 'delete' ? null : write.data }),
    );
  }

  /**
   * The query of one page. When SQLite would sort the matching rows itself (a filter served by one index, an
   * order by another), it would carry every matching document through the sort: the ids are sorted first and
   * only the page's documents read. Otherwise the index already yields the order and documents are read as
   * they come.
   */
  private pageSql(
    table: string,
    where: string,
    orderBy: (qualifier: string) => string,
    parameters: readonly SqlValue[],
  ): string {
    const ids = `SELECT id FROM ${table} WHERE ${where} ORDER BY ${orderBy('')} LIMIT ?`;
    let sql = this.pageQueries.get(ids);
    if (sql === undefined) {
      const plan = this.db.prepare(`EXPLAIN QUERY PLAN ${ids}`).all(...parameters) as { detail: string }[];
      sql = plan.some((step) => step.detail.includes('TEMP B-TREE FOR ORDER BY'))
        ? `SELECT document.id, document.position, document.data FROM (${ids}) AS page
           JOIN ${table} AS document ON document.id = page.id ORDER BY ${orderBy('document.')}`
        : `SELECT id, position, data FROM ${table} WHERE ${where} ORDER BY ${orderBy('')} LIMIT ?`;
      if (this.pageQueries.size >= MAX_CACHED_QUERIES)
        this.pageQueries.delete(this.pageQueries.keys().next().value as string);
      this.pageQueries.set(ids, sql);
    }
    return sql;
  }

  private query(sql: string): Database.Statement {
    return this.queries.get(sql);
  }

  /** Column name → `hidden` (0 for a plain column, 2 or 3 for a generated one). */
  private columnsOf(table: string): Map<string, number> {
    const rows = this.db.prepare(`SELECT name, hidden FROM pragma_table_xinfo(?)`).all(table) as {
      name: string;
      hidden: number;
    }[];
    return new Map(rows.map((row) => [row.name, row.hidden]));
  }

  private states(collection: string, ids: readonly string[]): Map<string, DocumentState> {
    const states = new Map<string, DocumentState>();
    for (const id of new Set(ids)) {
      const state = this.state(collection, id);
      if (state !== undefined) states.set(id, state);
    }
    return states;
  }

  private state(collection: string, id: string): DocumentState | undefined {
    const handle = this.handle(collection);
    const key = parsedKey(collection, id);
    const unchecked = this.copiesAreCurrent();
    const cached = this.parsed.get(key);
    if (cached !== undefined && (unchecked || handle.position.get(id) === cached.position)) return cached;
    const row = handle.get.get(id) as { position: bigint; data: string | null } | undefined;
    if (row === undefined) {
      this.parsed.delete(key);
      return undefined;
    }
    const state = this.share({
      position: row.position,
      data: row.data === null ? null : (JSON.parse(row.data) as JsonObject),
    });
    this.parsed.set(key, state);
    return state;
  }

  /** Whether copies may answer unchecked now; drops them all when a new term of sole writing begins. */
  private copiesAreCurrent(): boolean {
    const term = this.soleWriterTerm();
    if (term !== this.copiesTerm) {
      if (term !== null) this.parsed.clear();
      this.copiesTerm = term;
    }
    return term !== null;
  }

  private conditionSql(handle: CollectionHandle, condition: Condition, params: SqlValue[]): string {
    const { field, operator, value } = condition;
    const column = fieldColumn(field);
    switch (operator) {
      case 'eq':
        if (value === null) return `${column} IS NULL`;
        params.push(toSql(value as string | number | boolean));
        return `${column} = ?`;
      case 'in': {
        const values = value as readonly (string | number | boolean)[];
        if (values.length === 0) return '0';
        params.push(...values.map(toSql));
        return `${column} IN (${values.map(() => '?').join(', ')})`;
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        params.push(toSql(value as string | number));
        return `${column} ${{ gt: '>', gte: '>=', lt: '<', lte: '<=' }[operator]} ?`;
      case 'contains':
        params.push(value as string);
        return `EXISTS (SELECT 1 FROM json_each(${handle.table}.data, ${jsonPath(field)}) WHERE json_each.value = ?)`;
      case 'prefix':
        params.push(value as string, `${value as string}${PREFIX_UPPER_BOUND}`);
        return `(${textColumn(field)} >= ? AND ${textColumn(field)} < ?)`;
    }
  }

  private atomSql(atom: KeysetAtom, params: SqlValue[]): string {
    const column = fieldColumn(atom.field);
    switch (atom.test) {
      case 'isNull':
        return `${column} IS NULL`;
      case 'notNull':
        return `${column} IS NOT NULL`;
      default:
        params.push(toSql(atom.value));
        return `${column} ${{ eq: '=', gt: '>', lt: '<' }[atom.test]} ?`;
    }
  }

  /** Another process may have declared new fields since this one cached the spec: reload once before rejecting. */
  private withFreshSpec<R>(collection: string, run: (handle: CollectionHandle) => R): R {
    try {
      return run(this.handle(collection));
    } catch (error) {
      if (!(error instanceof InvalidQueryError)) throw error;
      this.handles.delete(collection);
      return run(this.handle(collection));
    }
  }

  private handle(collection: string): CollectionHandle {
    const cached = this.handles.get(collection);
    if (cached) return cached;
    assertValidCollectionName(collection);
    const row = this.db.prepare(`SELECT spec FROM _collections WHERE name = ?`).get(collection) as
      { spec: string } | undefined;
    if (row === undefined) throw new UnknownCollectionError(collection);
    const spec = JSON.parse(row.spec) as CollectionSpec;
    const table = quote(spec.name);
    const columns = this.columnsOf(spec.name);
    const storedFields = spec.fields.filter(
      (field) => field.type !== 'string[]' && columns.get(`f:${field.name}`) === PLAIN_COLUMN,
    );
    const textFields = spec.fields.filter((field) => field.text === true);
    const written = [...storedFields.map(fieldColumn), ...textFields.map(textColumn)];
    const handle: CollectionHandle = {
      spec,
      table,
      storedFields,
      textFields,
      upsertSql: `INSERT INTO ${table} (id, position, data${written.map((column) => `, ${column}`).join('')})
         VALUES (?, ?, ?${written.map(() => ', ?').join('')})
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, data = excluded.data${written
           .map((column) => `, ${column} = excluded.${column}`)
           .join('')}
         WHERE excluded.position > ${table}.position`,
      tombstoneSql: `INSERT INTO ${table} (id, position, data) VALUES (?, ?, NULL)
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, data = NULL${written.map((column) => `, ${column} = NULL`).join('')}
         WHERE excluded.position > ${table}.position`,
      get: this.db.prepare(`SELECT position, data FROM ${table} WHERE id = ?`).safeIntegers(true),
      position: this.db.prepare(`SELECT position FROM ${table} WHERE id = ?`).pluck().safeIntegers(true),
    };
    this.handles.set(collection, handle);
    return handle;
  }

  private backfill(collection: string, column: string, valueOf: (document: JsonObject) => SqlValue): void {
    const table = quote(collection);
    const update = this.db.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`);
    // `all()` rather than `iterate()`: better-sqlite3 forbids writing while a read cursor is open.
    for (const row of this.db.prepare(`SELECT id, data FROM ${table} WHERE data IS NOT NULL`).all() as {
      id: string;
      data: string;
    }[]) {
      update.run(valueOf(JSON.parse(row.data) as JsonObject), row.id);
    }
  }
}

export const openSqliteDocumentStore = (options: SqliteDocumentStoreOptions): SqliteDocumentStore =>
  new SqliteDocumentStore(options);
