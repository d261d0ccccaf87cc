import type { CollectionSpec, DocumentStore } from '@app/read-models';
import { REMINDERS_COLLECTION, ensureRemindersCollection } from './reminder-sweep';

/** A store that only counts declarations, failing the first `failures` of them. */
function declaringStore(failures = 0): { store: DocumentStore; declared: CollectionSpec[] } {
  const declared: CollectionSpec[] = [];
  let failing = failures;
  const store = {
    ensureCollection: async (spec: CollectionSpec) => {
      declared.push(spec);
      if (failing > 0) {
        failing -= 1;
        throw new Error('database is locked');
      }
    },
  } as unknown as DocumentStore;
  return { store, declared };
}

describe('ensureRemindersCollection', () => {
  it('given many queries of one store, when they run together or one after another, then the collection is declared once', async () => {
    const { store, declared } = declaringStore();

    await Promise.all([ensureRemindersCollection(store), ensureRemindersCollection(store)]);
    await ensureRemindersCollection(store);

    expect(declared).toEqual([REMINDERS_COLLECTION]);
  });

  it('given another store, then it is declared there too', async () => {
    const first = declaringStore();
    const second = declaringStore();

    await ensureRemindersCollection(first.store);
    await ensureRemindersCollection(second.store);

    expect(first.declared).toHaveLength(1);
    expect(second.declared).toHaveLength(1);
  });

  it('given a declaration that fails, then its caller sees the error and the next caller declares again', async () => {
    const { store, declared } = declaringStore(1);

    await expect(ensureRemindersCollection(store)).rejects.toThrow('database is locked');
    await ensureRemindersCollection(store);
    await ensureRemindersCollection(store);

    expect(declared).toHaveLength(2);
  });
});
