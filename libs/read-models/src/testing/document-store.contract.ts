import type {
  CollectionSpec,
  DocumentStore,
  JsonObject,
  Page,
  SortKey,
  StoredDocument,
} from '../document-store.port';

/**
 * The one DocumentStore contract, run against every adapter. `openEmptyStore` must return a store with no
 * collections, checkpoints or active-collection records (a fresh file or database per call).
 */
export function describeDocumentStoreContract(
  name: string,
  openEmptyStore: () => Promise<DocumentStore>,
): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let store: DocumentStore;

    const people: CollectionSpec = {
      name: 'people_v1',
      fields: [
        { name: 'name', type: 'string', text: true },
        { name: 'age', type: 'number' },
        { name: 'active', type: 'boolean' },
        { name: 'languages', type: 'string[]' },
        { name: 'address.region', type: 'string' },
      ],
    };

    beforeEach(async () => {
      store = await openEmptyStore();
      await store.ensureCollection(people);
    });

    afterEach(async () => {
      await store.close();
    });

    const ids = (items: readonly StoredDocument[]): string[] => items.map((item) => item.id);

    async function seed(documents: Record<string, JsonObject>): Promise<void> {
      let position = 1n;
      for (const [id, data] of Object.entries(documents))
        await store.upsert(people.name, id, data, position++);
    }

    describe('documents', () => {
      it('given documents overwritten and deleted, when purged after an erasure, then what is current stays readable as it was', async () => {
        await store.upsert(people.name, 'kept', { name: 'Karel', age: 40 }, 1n);
        await store.upsert(people.name, 'kept', { name: '[erased]', age: 40 }, 2n);
        await store.upsert(people.name, 'gone', { name: 'Gita', age: 20 }, 3n);
        await store.delete(people.name, 'gone', 4n);
        await store.purgeOverwritten();
        expect(await store.get(people.name, 'kept')).toEqual({
          id: 'kept',
          position: 2n,
          data: { name: '[erased]', age: 40 },
        });
        expect(await store.get(people.name, 'gone')).toBeNull();
      });

      it('stores, reads and replaces documents with the position of the last event', async () => {
        expect(await store.get(people.name, 'a')).toBeNull();
        expect(
          await store.upsert(
            people.name,
            'a',
            { name: 'Alena', age: 30, nested: { deep: [1, 'x', null] } },
            5n,
          ),
        ).toBe(true);
        expect(await store.get(people.name, 'a')).toEqual({
          id: 'a',
          position: 5n,
          data: { name: 'Alena', age: 30, nested: { deep: [1, 'x', null] } },
        });
        expect(await store.upsert(people.name, 'a', { name: 'Alena', age: 31 }, 9n)).toBe(true);
        expect(await store.get(people.name, 'a')).toEqual({
          id: 'a',
          position: 9n,
          data: { name: 'Alena', age: 31 },
        });
      });

      it('ignores an upsert at or below the stored position', async () => {
        await store.upsert(people.name, 'a', { age: 2 }, 10n);
        expect(await store.upsert(people.name, 'a', { age: 1 }, 10n)).toBe(false);
        expect(await store.upsert(people.name, 'a', { age: 0 }, 3n)).toBe(false);
        expect((await store.get(people.name, 'a'))?.data).toEqual({ age: 2 });
      });

      it('deletes with a tombstone that an older upsert cannot resurrect', async () => {
        await store.upsert(people.name, 'a', { age: 1 }, 1n);
        expect(await store.delete(people.name, 'a', 1n)).toBe(false);
        expect(await store.delete(people.name, 'a', 4n)).toBe(true);
        expect(await store.get(people.name, 'a')).toBeNull();
        expect(await store.upsert(people.name, 'a', { age: 2 }, 3n)).toBe(false);
        expect(await store.get(people.name, 'a')).toBeNull();
        expect(await store.count(people.name)).toBe(0);
        expect(await store.getStates(people.name, ['a', 'missing'])).toEqual(
          new Map([['a', { position: 4n, data: null }]]),
        );
        expect(await store.upsert(people.name, 'a', { age: 3 }, 5n)).toBe(true);
        expect((await store.get(people.name, 'a'))?.data).toEqual({ age: 3 });
      });

      it('reads many documents by id, skipping absent and deleted ones', async () => {
        await seed({ a: { age: 1 }, b: { age: 2 }, c: { age: 3 } });
        await store.delete(people.name, 'c', 100n);
        const found = await store.getMany(people.name, ['c', 'b', 'x', 'a', 'b']);
        expect([...found.keys()].sort()).toEqual(['a', 'b']);
        expect(found.get('b')).toEqual({ id: 'b', position: 2n, data: { age: 2 } });
      });

      it('rejects a document whose declared field has another type, naming the field only', async () => {
        await expect(store.upsert(people.name, 'a', { age: 'thirty' }, 1n)).rejects.toMatchObject({
          code: 'READ_MODELS.INVALID_DOCUMENT',
          field: 'age',
        });
        await expect(store.upsert(people.name, 'a', { languages: ['cs', 3] }, 1n)).rejects.toMatchObject({
          code: 'READ_MODELS.INVALID_DOCUMENT',
        });
        await expect(store.upsert(people.name, 'a', { address: { region: 7 } }, 1n)).rejects.not.toThrow(/7/);
        expect(await store.get(people.name, 'a')).toBeNull();
      });

      it('rejects unknown collections and invalid specs with stable codes', async () => {
        await expect(store.get('nothing_v1', 'a')).rejects.toMatchObject({
          code: 'READ_MODELS.UNKNOWN_COLLECTION',
        });
        await expect(store.ensureCollection({ name: 'Bad-Name', fields: [] })).rejects.toMatchObject({
          code: 'READ_MODELS.INVALID_COLLECTION_SPEC',
        });
        await expect(
          store.ensureCollection({ name: 'x_v1', fields: [{ name: 'age', type: 'number', text: true }] }),
        ).rejects.toMatchObject({
          code: 'READ_MODELS.INVALID_COLLECTION_SPEC',
        });
      });
    });

    describe('collections', () => {
      it('is idempotent and lets a later spec declare new fields over existing documents', async () => {
        await store.upsert(people.name, 'a', { name: 'Zuzana', nickname: 'Zuzka', score: 3 }, 1n);
        await store.ensureCollection(people);
        await store.ensureCollection({
          ...people,
          fields: [
            ...people.fields,
            { name: 'nickname', type: 'string', text: true },
            { name: 'score', type: 'number' },
          ],
        });
        expect(
          ids(
            (await store.find(people.name, { filter: { nickname: { $prefix: 'zu' }, score: { $gte: 3 } } }))
              .items,
          ),
        ).toEqual(['a']);
        expect(await store.get(people.name, 'a')).toMatchObject({ data: { name: 'Zuzana' } });
      });

      it('lists and drops collections together with their checkpoint', async () => {
        await store.ensureCollection({ name: 'other_v2', fields: [] });
        expect(await store.listCollections()).toEqual(['other_v2', 'people_v1']);
        await store.applyBatch(
          [{ kind: 'upsert', collection: 'other_v2', id: 'x', data: { v: 1 }, position: 7n }],
          { projection: 'other_v2', position: 7n },
        );
        await store.dropCollection('other_v2');
        expect(await store.listCollections()).toEqual(['people_v1']);
        expect(await store.getCheckpoint('other_v2')).toBeNull();
        await expect(store.get('other_v2', 'x')).rejects.toMatchObject({
          code: 'READ_MODELS.UNKNOWN_COLLECTION',
        });
        await store.ensureCollection({ name: 'other_v2', fields: [] });
        expect(await store.get('other_v2', 'x')).toBeNull();
      });

      it('records which physical collection serves a logical name', async () => {
        expect(await store.getActiveCollection('people')).toBeNull();
        await store.setActiveCollection({ logicalName: 'people', physicalName: 'people_v1', version: 1 });
        await store.setActiveCollection({ logicalName: 'people', physicalName: 'people_v2', version: 2 });
        expect(await store.getActiveCollection('people')).toEqual({
          logicalName: 'people',
          physicalName: 'people_v2',
          version: 2,
        });
      });
    });

    describe('filters', () => {
      beforeEach(async () => {
        await seed({
          alena: {
            name: 'Alena',
            age: 30,
            active: true,
            languages: ['cs', 'en'],
            address: { region: 'PRAGUE' },
          },
          cenek: {
            name: 'Čeněk',
            age: 45,
            active: false,
            languages: ['cs', 'uk'],
            address: { region: 'LIBEREC' },
          },
          cecilie: { name: 'cecílie', age: 30.5, active: true, languages: [], address: { region: 'PRAGUE' } },
          olena: { name: 'Olena', age: 19, active: true, languages: ['uk', 'ru'] },
          anon: { age: 60, active: false },
        });
      });

      const matching = async (filter: Parameters<DocumentStore['count']>[1]): Promise<string[]> => {
        const page = await store.find(people.name, { filter, first: 100 });
        expect(await store.count(people.name, filter)).toBe(page.items.length);
        return ids(page.items).sort();
      };

      it('matches equality, null, $in and id', async () => {
        expect(await matching({ active: true })).toEqual(['alena', 'cecilie', 'olena']);
        expect(await matching({ age: 30 })).toEqual(['alena']);
        expect(await matching({ name: null })).toEqual(['anon']);
        expect(await matching({ 'address.region': 'PRAGUE' })).toEqual(['alena', 'cecilie']);
        expect(await matching({ 'address.region': { $in: ['LIBEREC', 'PRAGUE'] } })).toEqual([
          'alena',
          'cecilie',
          'cenek',
        ]);
        expect(await matching({ age: { $in: [] } })).toEqual([]);
        expect(await matching({ id: { $in: ['olena', 'anon', 'nobody'] } })).toEqual(['anon', 'olena']);
        expect(await matching({})).toEqual(['alena', 'anon', 'cecilie', 'cenek', 'olena']);
      });

      it('matches ranges on numbers and strings', async () => {
        expect(await matching({ age: { $gt: 30, $lte: 45 } })).toEqual(['cecilie', 'cenek']);
        expect(await matching({ age: { $gte: 30, $lt: 30.5 } })).toEqual(['alena']);
        expect(await matching({ name: { $gte: 'A', $lt: 'P' } })).toEqual(['alena', 'olena']);
      });

      it('matches array elements with $contains', async () => {
        expect(await matching({ languages: { $contains: 'uk' } })).toEqual(['cenek', 'olena']);
        expect(await matching({ languages: { $contains: 'de' } })).toEqual([]);
      });

      it('matches case-insensitive prefixes, including accented letters', async () => {
        expect(await matching({ name: { $prefix: 'ce' } })).toEqual(['cecilie']);
        expect(await matching({ name: { $prefix: 'ČE' } })).toEqual(['cenek']);
        expect(await matching({ name: { $prefix: 'CECÍ' } })).toEqual(['cecilie']);
        expect(await matching({ name: { $prefix: 'ale' }, active: true })).toEqual(['alena']);
        expect(await matching({ name: { $prefix: '' } })).toEqual(['alena', 'cecilie', 'cenek', 'olena']);
      });

      it('combines conditions with AND', async () => {
        expect(await matching({ active: true, languages: { $contains: 'cs' }, age: { $lt: 40 } })).toEqual([
          'alena',
        ]);
      });

      it('rejects undeclared fields and operators that do not fit the field', async () => {
        const invalid = [
          { nickname: 'x' },
          { languages: 'cs' },
          { age: { $contains: 'x' } },
          { age: { $prefix: '3' } },
          { age: '30' },
          { active: { $gt: false } },
          { name: { $regex: '^A' } },
          { name: {} },
        ];
        for (const filter of invalid) {
          await expect(store.find(people.name, { filter: filter as never })).rejects.toMatchObject({
            code: 'READ_MODELS.INVALID_QUERY',
          });
        }
      });
    });

    describe('sort and cursor pagination', () => {
      const regions = ['PRAGUE', 'LIBEREC', null];
      const names = ['Adam', 'adam', 'Běla', 'Cyril', 'Dana', null];
      const documents: Record<string, JsonObject> = {};
      for (let index = 0; index < 37; index++) {
        const data: JsonObject = { age: (index * 7) % 5 };
        const name = names[(index * 5) % names.length];
        const region = regions[index % regions.length];
        if (name) data.name = name;
        if (region) data.address = { region };
        if (index % 4 !== 0) data.active = index % 3 === 0;
        documents[`doc-${String((index * 11) % 37).padStart(2, '0')}`] = data;
      }

      type Comparable = string | number | boolean | null;
      const valueOf = (id: string, field: string): Comparable => {
        if (field === 'id') return id;
        const data = documents[id] as JsonObject;
        const raw = field
          .split('.')
          .reduce<unknown>(
            (value, key) => (value && typeof value === 'object' ? (value as JsonObject)[key] : undefined),
            data,
          );
        return raw === undefined ? null : (raw as Comparable);
      };
      const compare = (a: Comparable, b: Comparable): number =>
        a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
      const expectedOrder = (sort: readonly SortKey[]): string[] =>
        Object.keys(documents).sort((a, b) => {
          for (const key of [...sort, { field: 'id' }]) {
            const order = compare(valueOf(a, key.field), valueOf(b, key.field));
            if (order !== 0) return key.direction === 'desc' ? -order : order;
          }
          return 0;
        });

      beforeEach(async () => seed(documents));

      const sorts: SortKey[][] = [
        [],
        [{ field: 'age' }],
        [{ field: 'age', direction: 'desc' }],
        [{ field: 'name' }, { field: 'age', direction: 'desc' }],
        [
          { field: 'address.region', direction: 'desc' },
          { field: 'active' },
          { field: 'name', direction: 'desc' },
        ],
        [
          { field: 'active', direction: 'desc' },
          { field: 'id', direction: 'desc' },
        ],
      ];

      it.each(sorts.map((sort) => [JSON.stringify(sort), sort] as const))(
        'pages through every document once in order: %s',
        async (_label, sort) => {
          const expected = expectedOrder(sort);
          for (const first of [1, 4, 10, 50]) {
            const seen: string[] = [];
            let after: string | null = null;
            for (let pages = 0; pages < 100; pages++) {
              const page: Page = await store.find(people.name, { sort, first, after });
              seen.push(...ids(page.items));
              expect(page.items.length).toBeLessThanOrEqual(first);
              if (!page.hasNextPage) break;
              after = page.endCursor;
            }
            expect(seen).toEqual(expected);
          }
        },
      );

      it('keeps filtering while paging and reports the end', async () => {
        const filter = { age: { $in: [1, 3] } };
        const all = await store.find(people.name, { filter, sort: [{ field: 'name' }], first: 1000 });
        const firstPage = await store.find(people.name, { filter, sort: [{ field: 'name' }], first: 3 });
        const rest = await store.find(people.name, {
          filter,
          sort: [{ field: 'name' }],
          first: 1000,
          after: firstPage.endCursor,
        });
        expect([...ids(firstPage.items), ...ids(rest.items)]).toEqual(ids(all.items));
        expect(rest.hasNextPage).toBe(false);
        expect(all.items.length).toBe(await store.count(people.name, filter));
      });

      it.each(sorts.map((sort) => [JSON.stringify(sort), sort] as const))(
        'given the cursor of any item of a page, when read on from it, then the list goes on after that item: %s',
        async (_label, sort) => {
          const expected = expectedOrder(sort);
          const page = await store.find(people.name, { sort, first: 6 });
          expect(page.cursorAt(page.items.length - 1)).toBe(page.endCursor);
          for (const [index, item] of page.items.entries()) {
            const rest = await store.find(people.name, { sort, first: 1000, after: page.cursorAt(index) });
            expect(ids(rest.items)).toEqual(expected.slice(expected.indexOf(item.id) + 1));
          }
          expect(() => page.cursorAt(page.items.length)).toThrow(RangeError);
        },
      );

      it('does not repeat or skip documents when others are inserted before the cursor', async () => {
        const sort = [{ field: 'age' }];
        const firstPage = await store.find(people.name, { sort, first: 5 });
        await store.upsert(people.name, 'aaa-new', { age: -1 }, 1000n);
        const rest = await store.find(people.name, { sort, first: 1000, after: firstPage.endCursor });
        expect([...ids(firstPage.items), ...ids(rest.items)]).toEqual(expectedOrder(sort));
      });

      it('returns an empty last page with a null cursor and rejects foreign cursors', async () => {
        const empty = await store.find(people.name, { filter: { age: 99 } });
        expect(empty).toMatchObject({ items: [], endCursor: null, hasNextPage: false });
        expect(() => empty.cursorAt(0)).toThrow(RangeError);
        const page = await store.find(people.name, { sort: [{ field: 'age' }], first: 2 });
        await expect(
          store.find(people.name, { sort: [{ field: 'name' }, { field: 'age' }], after: page.endCursor }),
        ).rejects.toMatchObject({
          code: 'READ_MODELS.INVALID_CURSOR',
        });
        await expect(store.find(people.name, { after: 'not-a-cursor' })).rejects.toMatchObject({
          code: 'READ_MODELS.INVALID_CURSOR',
        });
        await expect(store.find(people.name, { first: 0 })).rejects.toMatchObject({
          code: 'READ_MODELS.INVALID_QUERY',
        });
        await expect(store.find(people.name, { sort: [{ field: 'languages' }] })).rejects.toMatchObject({
          code: 'READ_MODELS.INVALID_QUERY',
        });
      });
    });

    describe('projection batches', () => {
      it('applies writes and records the checkpoint', async () => {
        expect(await store.getCheckpoint('people_v1')).toBeNull();
        await store.applyBatch(
          [
            { kind: 'upsert', collection: people.name, id: 'a', data: { age: 1 }, position: 3n },
            { kind: 'upsert', collection: people.name, id: 'b', data: { age: 2 }, position: 4n },
            { kind: 'delete', collection: people.name, id: 'b', position: 6n },
          ],
          { projection: 'people_v1', position: 8n },
        );
        expect(await store.getCheckpoint('people_v1')).toBe(8n);
        expect(await store.get(people.name, 'a')).toEqual({ id: 'a', position: 3n, data: { age: 1 } });
        expect(await store.get(people.name, 'b')).toBeNull();
      });

      it('re-applying a batch after a crash changes nothing (exactly-once effect)', async () => {
        const batch = [
          { kind: 'upsert', collection: people.name, id: 'a', data: { age: 1 }, position: 3n },
          { kind: 'upsert', collection: people.name, id: 'a', data: { age: 2 }, position: 5n },
        ] as const;
        await store.applyBatch(batch, { projection: 'people_v1', position: 5n });
        await store.applyBatch(
          [{ kind: 'upsert', collection: people.name, id: 'a', data: { age: 3 }, position: 9n }],
          { projection: 'people_v1', position: 9n },
        );
        await store.applyBatch(batch, { projection: 'people_v1', position: 5n });
        expect(await store.get(people.name, 'a')).toEqual({ id: 'a', position: 9n, data: { age: 3 } });
        expect(await store.getCheckpoint('people_v1')).toBe(9n);
      });

      it('applies nothing when a write in the batch is invalid', async () => {
        await expect(
          store.applyBatch(
            [
              { kind: 'upsert', collection: people.name, id: 'a', data: { age: 1 }, position: 3n },
              { kind: 'upsert', collection: people.name, id: 'b', data: { age: 'old' }, position: 4n },
            ],
            { projection: 'people_v1', position: 4n },
          ),
        ).rejects.toMatchObject({ code: 'READ_MODELS.INVALID_DOCUMENT' });
        expect(await store.get(people.name, 'a')).toBeNull();
        expect(await store.getCheckpoint('people_v1')).toBeNull();
      });

      it('advances a checkpoint without writes', async () => {
        await store.applyBatch([], { projection: 'people_v1', position: 12n });
        expect(await store.getCheckpoint('people_v1')).toBe(12n);
      });
    });
  });
}
