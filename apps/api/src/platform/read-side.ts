import {
  findAll,
  type DocumentStore,
  type FindOptions,
  type JsonObject,
  type Page,
  type StoredDocument,
} from '@app/read-models';

/**
 * What the API needs of the read side: documents, and a way to wait until the projections it reads have
 * processed a position (read-your-writes). Embedded, the in-process runner answers `waitFor`; in production
 * the worker projects and the API polls the checkpoints stored with the documents.
 */
export interface ReadSide {
  readonly documents: DocumentStore;
  waitFor(position: bigint, projections: readonly string[], timeoutMs: number): Promise<void>;
  /** The physical collection currently serving a logical read model. */
  collection(logicalName: string): Promise<string>;
}

export const READ_SIDE = Symbol('READ_SIDE');

/** How long a mutation waits for its own writes to become visible before answering READ_MODEL.LAGGING. */
export const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;

export async function getDocument<T extends JsonObject>(
  readSide: ReadSide,
  model: string,
  id: string,
): Promise<StoredDocument<T> | null> {
  return readSide.documents.get<T>(await readSide.collection(model), id);
}

export async function findDocuments<T extends JsonObject>(
  readSide: ReadSide,
  model: string,
  options: FindOptions,
): Promise<Page<T>> {
  return readSide.documents.find<T>(await readSide.collection(model), options);
}

/** Every document of a read model that `options` selects, page after page (`first` sets the page size). */
export async function* findAllDocuments<T extends JsonObject>(
  readSide: ReadSide,
  model: string,
  options: Omit<FindOptions, 'after'>,
): AsyncGenerator<StoredDocument<T>> {
  yield* findAll<T>(readSide.documents, await readSide.collection(model), options);
}
