import type { JsonObject, JsonValue } from '@app/event-store';

/**
 * The DocumentStore port: read models as collections of JSON documents addressed by string id. Every adapter
 * (SQLite for the embedded default, MongoDB in production) passes `testing/document-store.contract.ts`.
 *
 * Writes are guarded by position: each stored document remembers the position of the last event applied to it,
 * and a write carrying a position at or below that one is ignored. Deletions leave a tombstone with their
 * position for the same reason, so replaying an old upsert after a delete cannot resurrect the document.
 */
export type FieldType = 'string' | 'number' | 'boolean' | 'string[]';

export interface FieldSpec {
  /** A property path in the document, dotted for nested objects (`address.city`). */
  readonly name: string;
  readonly type: FieldType;
  /** Enables case-insensitive prefix search (`$prefix`); only for `string` fields. */
  readonly text?: boolean;
}

export interface CollectionSpec {
  /** Physical name, e.g. `volunteers_v1`: lower case letters, digits and underscores. */
  readonly name: string;
  /** The fields queries filter and sort on; each becomes an index. Other document content is opaque. */
  readonly fields: readonly FieldSpec[];
}

export type ScalarValue = string | number | boolean;

export interface FieldCondition {
  readonly $eq?: ScalarValue | null;
  readonly $in?: readonly ScalarValue[];
  readonly $gt?: string | number;
  readonly $gte?: string | number;
  readonly $lt?: string | number;
  readonly $lte?: string | number;
  /** The `string[]` field holds this element. */
  readonly $contains?: string;
  /** Case-insensitive prefix of a declared `text` field. */
  readonly $prefix?: string;
}

/**
 * Conditions on declared fields (and on `id`), all of which must hold. A bare value means equality; `null`
 * matches documents where the field is absent or null.
 */
export type Filter = { readonly [field: string]: ScalarValue | null | FieldCondition };

export interface SortKey {
  readonly field: string;
  readonly direction?: 'asc' | 'desc';
}

export interface FindOptions {
  readonly filter?: Filter;
  /** Ties are always broken by `id` ascending, so pages are stable. Absent values sort first ascending. */
  readonly sort?: readonly SortKey[];
  /** Page size; default 50, at most 1000. */
  readonly first?: number;
  /** The `endCursor` of the previous page, obtained with the same filter and sort. */
  readonly after?: string | null;
}

export interface StoredDocument<T extends JsonObject = JsonObject> {
  readonly id: string;
  /** Position of the last event applied to the document. */
  readonly position: bigint;
  readonly data: T;
}

export interface Page<T extends JsonObject = JsonObject> {
  readonly items: readonly StoredDocument<T>[];
  /** Opaque cursor after the last item; `null` when the page is empty. */
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
  /**
   * The opaque cursor after `items[index]` (the last item's is `endCursor`): read with it as `after`, the list
   * goes on from that item. Made on demand, as most pages are only ever read on from their end; a RangeError
   * for an index the page does not have.
   */
  cursorAt(index: number): string;
}

/** The page of a list known to be empty without asking the store (no region the caller may see, say). */
export function emptyPage<T extends JsonObject = JsonObject>(): Page<T> {
  return { items: [], endCursor: null, hasNextPage: false, cursorAt: noItemAt };
}

function noItemAt(index: number): never {
  throw new RangeError(`this page has no item ${index}`);
}

/** What a projection sees of a document before evolving it: `data` is `null` for a tombstone. */
export interface DocumentState<T extends JsonObject = JsonObject> {
  readonly position: bigint;
  readonly data: T | null;
}

export type DocumentWrite =
  | {
      readonly kind: 'upsert';
      readonly collection: string;
      readonly id: string;
      readonly data: JsonObject;
      readonly position: bigint;
    }
  | { readonly kind: 'delete'; readonly collection: string; readonly id: string; readonly position: bigint };

export interface ProjectionCheckpoint {
  /** Checkpoints are kept per physical collection (`volunteers_v2`), so a side-by-side rebuild has its own. */
  readonly projection: string;
  /** Position of the last event the projection has processed, handled or not. */
  readonly position: bigint;
}

/** Which physical collection serves a logical read model, and for which projection version. */
export interface ActiveCollection {
  readonly logicalName: string;
  readonly physicalName: string;
  readonly version: number;
}

export interface EnsureCollectionOptions {
  /**
   * Leave the indexes of declared fields out for now: a collection about to be filled from scratch is built
   * faster by indexing once at the end than by maintaining every index on every write. Queries work
   * meanwhile, only slower; a later `ensureCollection` without this option builds the indexes.
   */
  readonly deferIndexes?: boolean;
}

/**
 * Documents are values: what a read returns may be shared with other readers (an adapter may keep parsed
 * copies), and what a write is given is handed over. Neither may be changed afterwards; build a new one.
 */
export interface DocumentStore {
  /** Creates the collection or adds columns and indexes for newly declared fields; idempotent. */
  ensureCollection(spec: CollectionSpec, options?: EnsureCollectionOptions): Promise<void>;
  /** Physical names of the collections created with `ensureCollection` and not dropped. */
  listCollections(): Promise<string[]>;
  get<T extends JsonObject = JsonObject>(collection: string, id: string): Promise<StoredDocument<T> | null>;
  /** The documents found among `ids`, keyed by id. */
  getMany<T extends JsonObject = JsonObject>(
    collection: string,
    ids: readonly string[],
  ): Promise<Map<string, StoredDocument<T>>>;
  /** Like `getMany` but tombstones included: what a projection needs to skip events a document already reflects. */
  getStates(collection: string, ids: readonly string[]): Promise<Map<string, DocumentState>>;
  find<T extends JsonObject = JsonObject>(collection: string, options?: FindOptions): Promise<Page<T>>;
  count(collection: string, filter?: Filter): Promise<number>;
  /** `false` when ignored because the stored position is at or above `position`. */
  upsert(collection: string, id: string, data: JsonObject, position: bigint): Promise<boolean>;
  /** Leaves a tombstone at `position`; `false` when ignored because the stored position is at or above it. */
  delete(collection: string, id: string, position: bigint): Promise<boolean>;
  /** Drops the collection, its checkpoint and its registration. */
  dropCollection(collection: string): Promise<void>;
  /**
   * Applies a projection's writes, then records its checkpoint. SQLite does both in one transaction; MongoDB
   * writes the checkpoint after position-guarded writes, so a crash in between only replays ignored writes.
   */
  applyBatch(writes: readonly DocumentWrite[], checkpoint: ProjectionCheckpoint): Promise<void>;
  getCheckpoint(projection: string): Promise<bigint | null>;
  getActiveCollection(logicalName: string): Promise<ActiveCollection | null>;
  setActiveCollection(active: ActiveCollection): Promise<void>;
  /**
   * Makes sure no earlier version of an overwritten or deleted document is left in the store's own files (after
   * an erasure of personal data). The embedded SQLite store zeroes content as it frees it and truncates its
   * write-ahead log; with MongoDB it does nothing: its journal and storage compaction are the operator's.
   */
  purgeOverwritten(): Promise<void>;
  close(): Promise<void>;
}

export type { JsonObject, JsonValue };
