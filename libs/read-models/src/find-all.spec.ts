import { SqliteDocumentStore } from './adapters/sqlite/sqlite-document-store';
import { findAll } from './find-all';

describe('findAll', () => {
  it('yields every selected document across pages, in the order asked for', async () => {
    const store = new SqliteDocumentStore({ filename: ':memory:' });
    await store.ensureCollection({
      name: 'people_v1',
      fields: [
        { name: 'region', type: 'string' },
        { name: 'rank', type: 'number' },
      ],
    });
    for (let rank = 0; rank < 7; rank += 1) {
      await store.upsert(
        'people_v1',
        `p${rank}`,
        { region: rank % 2 === 0 ? 'PRAGUE' : 'LIBEREC', rank },
        1n,
      );
    }

    const found: string[] = [];
    for await (const document of findAll(store, 'people_v1', {
      filter: { region: 'PRAGUE' },
      sort: [{ field: 'rank', direction: 'desc' }],
      first: 2,
    })) {
      found.push(document.id);
    }

    expect(found).toEqual(['p6', 'p4', 'p2', 'p0']);
    await store.close();
  });
});
