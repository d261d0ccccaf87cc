import type { DocumentStore, FindOptions, JsonObject, Page, StoredDocument } from './document-store.port';

/** Few round trips, and no more than a page of documents held at once. */
export const FIND_ALL_PAGE_SIZE = 500;

/** Every document `options` selects, page after page; `first` sets the size of a page. */
export async function* findAll<T extends JsonObject = JsonObject>(
  documents: DocumentStore,
  collection: string,
  options: Omit<FindOptions, 'after'> = {},
): AsyncGenerator<StoredDocument<T>> {
  let after: string | null = null;
  do {
    const page: Page<T> = await documents.find<T>(collection, {
      ...options,
      first: options.first ?? FIND_ALL_PAGE_SIZE,
      after,
    });
    yield* page.items;
    after = page.hasNextPage ? page.endCursor : null;
  } while (after !== null);
}
