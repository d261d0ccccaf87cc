import mongoose, { type Connection, type Model, Schema } from 'mongoose';
import type {
  ActiveCollection,
  CollectionSpec,
  EnsureCollectionOptions,
  DocumentState,
  DocumentStore,
  DocumentWrite,
  FieldSpec,
  Filter,
  FindOptions,
  JsonObject,
  Page,
  ProjectionCheckpoint,
  StoredDocument,
} from '../../document-store.port';
import { DocumentStoreConnectionError, InvalidQueryError, UnknownCollectionError } from '../../errors';
import { sleep } from '../../event-batcher';
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

export interface MongoDocumentStoreOptions {
  readonly url: string;
  /** Overrides the database named in the URL (tests use a fresh one each). */
  readonly dbName?: string;
  /** Connection attempts before giving up with `READ_MODELS.CONNECTION_FAILED`; default 5, doubling from 500 ms. */
  readonly connectAttempts?: number;
  readonly serverSelectionTimeoutMs?: number;
}

/** How a read-model document is stored: the projection's JSON under `data`, so it can never collide with ours. */
interface StoredShape {
  _id: string;
  _position: bigint;
  /** The document's JSON, `null` for a tombstone (typed loosely: mongoose's types cannot recurse into JsonObject). */
  data: object | null;
  /** Folded values of the text fields, for indexed prefix search. */
  _text?: object;
}

interface CollectionHandle {
  readonly spec: CollectionSpec;
  readonly model: Model<StoredShape>;
}

const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;
const COLLECTIONS = '_collections';
const CHECKPOINTS = '_checkpoints';
const ACTIVE = '_active_collections';

const path = (field: FieldSpec): string => (field === ID_FIELD ? '_id' : `data.${field.name}`);

/**
 * The key under `_text` that holds a text field's folded value. A key may not contain `.`, so `.` is written
 * `_d` and `_` itself `__`: one-to-one, so `a.b` and `a_db` (or `a__b`) never share a key.
 */
export const textSlotOf = (fieldName: string): string => fieldName.replace(/_/g, '__').replace(/\./g, '_d');
const textPath = (field: FieldSpec): string => `_text.${textSlotOf(field.name)}`;

/**
 * A prefix as a regular expression that matches it literally. The server refuses a pattern holding a NUL byte,
 * so NUL is written as its escape, which matches it.
 */
export const prefixPattern = (prefix: string): string =>
  `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\0/g, '\\x00')}`;

/** Positions come back as bigint (mongoose BigInt), or as BSON Long / number from native reads. */
function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (
    value !== null &&
    typeof value === 'object' &&
    'toBigInt' in value &&
    typeof value.toBigInt === 'function'
  )
    return (value.toBigInt as () => bigint).call(value);
  throw new TypeError('stored position is not an integer');
}

/** The URL with user name and password removed: safe to log and to put in errors. */
export function redactMongoUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'mongodb://<unparseable url>';
  }
}

function redactMessage(error: unknown, url: string): Error {
  let message = error instanceof Error ? error.message : String(error);
  try {
    const parsed = new URL(url);
    for (const secret of [parsed.password, decodeURIComponent(parsed.password), url]) {
      if (secret !== '') message = message.split(secret).join('***');
    }
  } catch {
    message = 'connection failed';
  }
  return new Error(message);
}

const isDuplicateKey = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;

/**
 * The indexes of operations that failed only because of duplicate keys; rethrows anything else, including a
 * write concern error that came with them: the driver reports write errors first and leaves that one in the
 * result, and the writes it concerns may yet be rolled back.
 */
export function duplicateKeyFailures(error: unknown): number[] {
  // Writes mongoose could not cast were never sent, and the indexes of the write errors then count only the
  // writes that were: neither may be taken for a batch of duplicates.
  const validationErrors = (error as { mongoose?: { validationErrors?: unknown } } | null)?.mongoose
    ?.validationErrors;
  if (Array.isArray(validationErrors) && validationErrors.length > 0) throw error;
  const result = (error as { result?: { getWriteConcernError?: () => unknown } } | null)?.result;
  if (typeof result?.getWriteConcernError === 'function' && result.getWriteConcernError() !== undefined)
    throw error;
  if (isDuplicateKey(error) && !Array.isArray((error as { writeErrors?: unknown }).writeErrors)) return [0];
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) throw error;
  return writeErrors.map(
    (writeError: { code?: unknown; index?: unknown; err?: { code?: unknown; index?: unknown } }) => {
      const code = writeError.code ?? writeError.err?.code;
      const index = writeError.index ?? writeError.err?.index;
      if (code !== DUPLICATE_KEY || typeof index !== 'number') throw error;
      return index;
    },
  );
}

/**
 * Read models in MongoDB through mongoose: a model per collection with its declared indexes (synced by
 * `ensureCollection`), position-guarded `bulkWrite`s, and the checkpoint written after the documents.
 */
export class MongoDocumentStore implements DocumentStore {
  private readonly handles = new Map<string, CollectionHandle>();

  private constructor(private readonly connection: Connection) {}

  /** Connects with retries and backoff; the error names the URL without its credentials. */
  static async connect(options: MongoDocumentStoreOptions): Promise<MongoDocumentStore> {
    const attempts = options.connectAttempts ?? 5;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const connection = mongoose.createConnection(options.url, {
        ...(options.dbName === undefined ? {} : { dbName: options.dbName }),
        serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5000,
        autoIndex: false,
        autoCreate: false,
      });
      try {
        await connection.asPromise();
        const store = new MongoDocumentStore(connection);
        await store.collection(CHECKPOINTS).createIndex({ _id: 1 });
        return store;
      } catch (error) {
        lastError = error;
        await connection.close().catch(() => undefined);
        if (attempt < attempts) await sleep(500 * 2 ** (attempt - 1), new AbortController().signal);
      }
    }
    throw new DocumentStoreConnectionError(
      redactMongoUrl(options.url),
      attempts,
      redactMessage(lastError, options.url),
    );
  }

  async ensureCollection(spec: CollectionSpec, options: EnsureCollectionOptions = {}): Promise<void> {
    assertValidCollectionSpec(spec);
    const declared = await this.collection(COLLECTIONS).findOne({ _id: spec.name as never });
    const textBefore = new Set(
      declared === null
        ? []
        : (JSON.parse(String(declared.spec)) as CollectionSpec).fields
            .filter((field) => field.text === true)
            .map((field) => field.name),
    );
    const handle = this.register(spec);
    await handle.model.createCollection().catch((error: unknown) => {
      if ((error as { codeName?: unknown }).codeName !== 'NamespaceExists') throw error;
    });
    // Documents written before a field became a text field have no folded value for it yet, as SQLite's new
    // column has none until it is filled. Filled before the spec is stored, so that other processes cannot search
    // the field while it is half done.
    const newText = spec.fields.filter((field) => field.text === true && !textBefore.has(field.name));
    if (declared !== null && newText.length > 0) await this.backfillText(handle, newText);
    await this.collection(COLLECTIONS).updateOne(
      { _id: spec.name as never },
      { $set: { spec: JSON.stringify({ name: spec.name, fields: spec.fields }) } },
      { upsert: true },
    );
    // `createIndexes`, not `syncIndexes`: the latter drops every index the schema does not declare, so a process
    // still running an older spec (a rolling deploy) would drop the indexes of the newer one, and an operator's own.
    if (options.deferIndexes !== true) await handle.model.createIndexes();
  }

  /** Writes the folded values of `fields` into every live document, unless a newer write got there first. */
  private async backfillText(handle: CollectionHandle, fields: readonly FieldSpec[]): Promise<void> {
    const cursor = handle.model
      .find({ data: { $ne: null } }, { _id: 1, _position: 1, data: 1 })
      .lean<StoredShape[]>()
      .cursor({ batchSize: 500 });
    let updates: Parameters<Model<StoredShape>['bulkWrite']>[0] = [];
    const flush = async (): Promise<void> => {
      if (updates.length === 0) return;
      await handle.model.bulkWrite(updates, { ordered: false, throwOnValidationError: true });
      updates = [];
    };
    for await (const document of cursor) {
      const set = Object.fromEntries(
        fields.map((field) => {
          const value = readPath(document.data as JsonObject, field.name);
          return [textPath(field), typeof value === 'string' ? foldText(value) : null];
        }),
      );
      updates.push({
        updateOne: {
          filter: { _id: document._id, _position: toBigInt(document._position) },
          update: { $set: set },
        },
      });
      if (updates.length >= 500) await flush();
    }
    await flush();
  }

  async listCollections(): Promise<string[]> {
    const rows = await this.collection(COLLECTIONS)
      .find({}, { projection: { _id: 1 } })
      .toArray();
    return rows.map((row) => String(row._id)).sort();
  }

  async get<T extends JsonObject = JsonObject>(
    collection: string,
    id: string,
  ): Promise<StoredDocument<T> | null> {
    return (await this.getMany<T>(collection, [id])).get(id) ?? null;
  }

  async getMany<T extends JsonObject = JsonObject>(
    collection: string,
    ids: readonly string[],
  ): Promise<Map<string, StoredDocument<T>>> {
    const found = new Map<string, StoredDocument<T>>();
    for (const [id, state] of await this.getStates(collection, ids)) {
      if (state.data !== null) found.set(id, { id, position: state.position, data: state.data as T });
    }
    return found;
  }

  async getStates(collection: string, ids: readonly string[]): Promise<Map<string, DocumentState>> {
    const { model } = await this.handle(collection);
    const rows = await model.find({ _id: { $in: [...new Set(ids)] } }).lean<StoredShape[]>();
    return new Map(
      rows.map((row) => [
        row._id,
        { position: toBigInt(row._position), data: (row.data ?? null) as JsonObject | null },
      ]),
    );
  }

  async find<T extends JsonObject = JsonObject>(
    collection: string,
    options: FindOptions = {},
  ): Promise<Page<T>> {
    return this.withFreshSpec(collection, async ({ spec, model }) => {
      const first = pageSize(options);
      const keys = parseSort(spec, options.sort);
      const and: Record<string, unknown>[] = [
        { data: { $ne: null } },
        ...parseFilter(spec, options.filter).map(conditionQuery),
      ];
      if (options.after !== undefined && options.after !== null) {
        const clauses = keysetClauses(keys, decodeCursor(keys, options.after)).map((clause) => ({
          $and: [...clause.equal.map(atomQuery), { $or: clause.after.map(atomQuery) }],
        }));
        and.push(clauses.length === 0 ? { _id: { $exists: false } } : { $or: clauses });
      }
      const sort = Object.fromEntries(
        keys.map(({ field, descending }) => [path(field), descending ? -1 : 1]),
      ) as Record<string, 1 | -1>;
      const rows = await model
        .find({ $and: and })
        .sort(sort)
        .limit(first + 1)
        .lean<StoredShape[]>();
      const items = rows
        .slice(0, first)
        .map((row) => ({ id: row._id, position: toBigInt(row._position), data: row.data as T }));
      return pageOf(keys, items, rows.length > first);
    });
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    return this.withFreshSpec(collection, async ({ spec, model }) =>
      model.countDocuments({
        $and: [{ data: { $ne: null } }, ...parseFilter(spec, filter).map(conditionQuery)],
      }),
    );
  }

  async upsert(collection: string, id: string, data: JsonObject, position: bigint): Promise<boolean> {
    return (await this.writeAll([{ kind: 'upsert', collection, id, data, position }]))[0] ?? false;
  }

  async delete(collection: string, id: string, position: bigint): Promise<boolean> {
    return (await this.writeAll([{ kind: 'delete', collection, id, position }]))[0] ?? false;
  }

  async dropCollection(collection: string): Promise<void> {
    assertValidCollectionName(collection);
    await this.connection.dropCollection(collection).catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== NAMESPACE_NOT_FOUND) throw error;
    });
    await this.collection(COLLECTIONS).deleteOne({ _id: collection as never });
    await this.collection(CHECKPOINTS).deleteOne({ _id: collection as never });
    if (this.connection.models[collection] !== undefined) this.connection.deleteModel(collection);
    this.handles.delete(collection);
  }

  async applyBatch(writes: readonly DocumentWrite[], checkpoint: ProjectionCheckpoint): Promise<void> {
    await this.writeAll(writes);
    // After the documents: a crash in between replays writes that their position guard then ignores.
    await this.collection(CHECKPOINTS).updateOne(
      { _id: checkpoint.projection as never },
      { $max: { position: mongoose.mongo.Long.fromBigInt(checkpoint.position) } },
      { upsert: true },
    );
  }

  async getCheckpoint(projection: string): Promise<bigint | null> {
    const row = await this.collection(CHECKPOINTS).findOne({ _id: projection as never });
    return row === null ? null : toBigInt(row.position);
  }

  async getActiveCollection(logicalName: string): Promise<ActiveCollection | null> {
    const row = await this.collection(ACTIVE).findOne({ _id: logicalName as never });
    return row === null
      ? null
      : { logicalName, physicalName: String(row.physicalName), version: Number(row.version) };
  }

  async setActiveCollection(active: ActiveCollection): Promise<void> {
    await this.collection(ACTIVE).updateOne(
      { _id: active.logicalName as never },
      { $set: { physicalName: active.physicalName, version: active.version } },
      { upsert: true },
    );
  }

  /** Drops the whole database: for tests that created a fresh one. */
  async dropDatabase(): Promise<void> {
    await this.connection.dropDatabase();
  }

  /** Nothing the application can do: WiredTiger's journal and compaction are the operator's (docs/operations.md). */
  async purgeOverwritten(): Promise<void> {}

  async close(): Promise<void> {
    await this.connection.close();
  }

  /** Validates every write first, so that an invalid document applies nothing; returns which writes took effect. */
  private async writeAll(writes: readonly DocumentWrite[]): Promise<boolean[]> {
    const handles = new Map<string, CollectionHandle>();
    for (const write of writes) {
      const handle = handles.get(write.collection) ?? (await this.handle(write.collection));
      handles.set(write.collection, handle);
      if (write.kind === 'upsert') assertDocumentMatchesSpec(handle.spec, write.data);
    }
    const applied = writes.map(() => false);
    for (const [collection, handle] of handles) {
      const indexes = writes.flatMap((write, index) => (write.collection === collection ? [index] : []));
      const updates = indexes.map((index) => this.guardedUpdate(handle.spec, writes[index] as DocumentWrite));
      let duplicates: number[] = [];
      try {
        // `throwOnValidationError`: otherwise mongoose drops a write it cannot cast before sending the rest, and
        // reports no error, so the checkpoint would pass a write that never happened.
        await handle.model.bulkWrite(
          updates.map((update) => ({ updateOne: { ...update, upsert: true } })),
          { ordered: false, throwOnValidationError: true },
        );
      } catch (error) {
        duplicates = duplicateKeyFailures(error);
      }
      const raced = new Set(duplicates);
      indexes.forEach((index, position) => (applied[index] = !raced.has(position)));
      // A duplicate key means the document existed when the upsert tried to insert it: either its position is
      // newer (the write is stale) or another writer inserted it concurrently, in which case the guarded update
      // without upsert now decides.
      for (const position of duplicates) {
        const update = updates[position];
        if (update === undefined) continue;
        const result = await handle.model.updateOne(update.filter, update.update);
        applied[indexes[position] as number] = result.matchedCount > 0;
      }
    }
    return applied;
  }

  private guardedUpdate(
    spec: CollectionSpec,
    write: DocumentWrite,
  ): { filter: Record<string, unknown>; update: Record<string, unknown> } {
    const filter = { _id: write.id, _position: { $lt: write.position } };
    if (write.kind === 'delete')
      return { filter, update: { $set: { _position: write.position, data: null }, $unset: { _text: 1 } } };
    const text = Object.fromEntries(
      spec.fields
        .filter((field) => field.text === true)
        .map((field) => {
          const value = readPath(write.data, field.name);
          return [textSlotOf(field.name), typeof value === 'string' ? foldText(value) : null];
        }),
    );
    return { filter, update: { $set: { _position: write.position, data: write.data, _text: text } } };
  }

  private collection(name: string): mongoose.mongo.Collection {
    return this.connection.db!.collection(name);
  }

  private register(spec: CollectionSpec): CollectionHandle {
    if (this.connection.models[spec.name] !== undefined) this.connection.deleteModel(spec.name);
    const schema = new Schema<StoredShape>(
      {
        _id: { type: String, required: true },
        _position: { type: BigInt, required: true },
        data: { type: Schema.Types.Mixed, default: null },
        _text: { type: Schema.Types.Mixed },
      },
      {
        collection: spec.name,
        versionKey: false,
        minimize: false,
        strict: true,
        autoIndex: false,
        autoCreate: false,
      },
    );
    for (const field of spec.fields) {
      schema.index({ [path(field)]: 1, _id: 1 });
      if (field.text === true) schema.index({ [textPath(field)]: 1, _id: 1 });
    }
    const handle = { spec, model: this.connection.model<StoredShape>(spec.name, schema, spec.name) };
    this.handles.set(spec.name, handle);
    return handle;
  }

  private async handle(collection: string): Promise<CollectionHandle> {
    const cached = this.handles.get(collection);
    if (cached) return cached;
    assertValidCollectionName(collection);
    const row = await this.collection(COLLECTIONS).findOne({ _id: collection as never });
    if (row === null) throw new UnknownCollectionError(collection);
    return this.register(JSON.parse(String(row.spec)) as CollectionSpec);
  }

  /** Another process may have declared new fields since this one cached the spec: reload once before rejecting. */
  private async withFreshSpec<R>(
    collection: string,
    run: (handle: CollectionHandle) => Promise<R>,
  ): Promise<R> {
    try {
      return await run(await this.handle(collection));
    } catch (error) {
      if (!(error instanceof InvalidQueryError)) throw error;
      this.handles.delete(collection);
      return run(await this.handle(collection));
    }
  }
}

function conditionQuery({ field, operator, value }: Condition): Record<string, unknown> {
  switch (operator) {
    case 'eq':
    case 'contains':
      return { [path(field)]: value };
    case 'in':
      return { [path(field)]: { $in: value } };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { [path(field)]: { [`$${operator}`]: value } };
    case 'prefix':
      return { [textPath(field)]: { $regex: prefixPattern(value as string) } };
  }
}

function atomQuery(atom: KeysetAtom): Record<string, unknown> {
  switch (atom.test) {
    case 'isNull':
      return { [path(atom.field)]: null };
    case 'notNull':
      return { [path(atom.field)]: { $ne: null } };
    case 'eq':
      return { [path(atom.field)]: atom.value };
    case 'gt':
      return { [path(atom.field)]: { $gt: atom.value } };
    case 'lt':
      return { [path(atom.field)]: { $lt: atom.value } };
  }
}

export const openMongoDocumentStore = (options: MongoDocumentStoreOptions): Promise<MongoDocumentStore> =>
  MongoDocumentStore.connect(options);
