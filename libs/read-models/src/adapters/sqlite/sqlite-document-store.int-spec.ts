import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CollectionSpec, JsonObject, Page } from '../../document-store.port';
import { describeDocumentStoreContract } from '../../testing/document-store.contract';
import { SqliteDocumentStore } from './sqlite-document-store';
import { WRITER_RESTART_AFTER_MS } from './sqlite-document-writer';

describeDocumentStoreContract('SQLite', async () => new SqliteDocumentStore({ filename: ':memory:' }));

const threadStoreDirectories: string[] = [];
afterAll(() => {
  for (const directory of threadStoreDirectories) rmSync(directory, { recursive: true, force: true });
});

describeDocumentStoreContract('SQLite (temp file, writer thread)', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'document-store-thread-'));
  threadStoreDirectories.push(directory);
  return new SqliteDocumentStore({ filename: join(directory, 'read-models.sqlite'), writerThread: true });
});

describe('SQLite document store writer thread', () => {
  const spec: CollectionSpec = { name: 'notes_v1', fields: [{ name: 'region', type: 'string' }] };
  let directory: string;
  let filename: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'document-store-writer-'));
    filename = join(directory, 'read-models.sqlite');
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  /** A store writing on its thread, with the collection declared, closed after `run`. */
  const withThreadStore = async (run: (store: SqliteDocumentStore) => Promise<void>): Promise<void> => {
    const store = new SqliteDocumentStore({ filename, writerThread: true });
    try {
      await store.ensureCollection(spec);
      await run(store);
    } finally {
      await store.close();
    }
  };

  it('given a document overwritten and then purged, then its earlier content is found in neither the file nor its log', async () => {
    const earlier = 'Earlier-Content-Žofie';
    const onDisk = () =>
      [filename, `${filename}-wal`].filter(
        (file) => existsSync(file) && readFileSync(file).includes(Buffer.from(earlier)),
      );
    await withThreadStore(async (store) => {
      await store.upsert('notes_v1', 'n1', { region: 'PRAGUE', text: earlier }, 1n);
      await store.upsert('notes_v1', 'n1', { region: 'PRAGUE', text: '[erased]' }, 2n);
      expect(onDisk().length).toBeGreaterThan(0);
      await store.purgeOverwritten();
      expect(onDisk()).toEqual([]);
      expect((await store.get('notes_v1', 'n1'))?.data).toEqual({ region: 'PRAGUE', text: '[erased]' });
    });
  });

  it('given another connection committing while a collection is declared, then declaring waits its turn instead of failing', async () => {
    await withThreadStore(async (store) => {
      const other = new Database(filename, { timeout: 0 });
      const columnsOf = Reflect.get(store, 'columnsOf') as (table: string) => Map<string, number>;
      const outcomes: string[] = [];
      // Between reading the schema and writing it, the other connection tries to commit.
      jest
        .spyOn(store as unknown as { columnsOf: typeof columnsOf }, 'columnsOf')
        .mockImplementation(function (this: unknown, table: string) {
          try {
            other.prepare(`INSERT INTO _checkpoints (projection, position) VALUES ('other', 1)`).run();
            outcomes.push('committed');
          } catch (error) {
            outcomes.push((error as { code?: string }).code ?? 'failed');
          }
          return columnsOf.call(this, table);
        });
      try {
        // Declared again, as every process does at start: the schema is read and only then written.
        await store.ensureCollection(spec);
      } finally {
        other.close();
      }
      // The declaration held the write lock from its start: the other connection could not commit in between.
      expect(outcomes).toEqual(['SQLITE_BUSY']);
      expect(await store.listCollections()).toEqual(['notes_v1']);
    });
  });

  it('refuses a thread for an in-memory store, which another thread cannot open', () => {
    expect(() => new SqliteDocumentStore({ filename: ':memory:', writerThread: true })).toThrow(/in-memory/);
  });

  it('given batches written on the thread, when each resolves, then a read on the event loop sees it, and a stale write changes nothing', async () => {
    await withThreadStore(async (store) => {
      const writes = Array.from({ length: 50 }, (_, index) =>
        store.applyBatch(
          [
            {
              kind: 'upsert',
              collection: 'notes_v1',
              id: `note-${index % 5}`,
              data: { region: `R${index}` },
              position: BigInt(index + 1),
            },
          ],
          { projection: 'notes_v1', position: BigInt(index + 1) },
        ),
      );
      await Promise.all(writes);
      expect((await store.get('notes_v1', 'note-4'))?.data).toEqual({ region: 'R49' });
      expect(await store.getCheckpoint('notes_v1')).toBe(50n);
      await expect(store.upsert('notes_v1', 'note-4', { region: 'older' }, 10n)).resolves.toBe(false);
      expect((await store.get('notes_v1', 'note-4'))?.data).toEqual({ region: 'R49' });
    });
  });

  it('given a document that breaks the spec, when a batch holds it, then nothing of the batch is written and the error names the field', async () => {
    await withThreadStore(async (store) => {
      await expect(
        store.applyBatch(
          [
            { kind: 'upsert', collection: 'notes_v1', id: 'good', data: { region: 'PRAGUE' }, position: 1n },
            { kind: 'upsert', collection: 'notes_v1', id: 'bad', data: { region: 7 }, position: 2n },
          ],
          { projection: 'notes_v1', position: 2n },
        ),
      ).rejects.toThrow(/region/);
      expect(await store.get('notes_v1', 'good')).toBeNull();
      expect(await store.getCheckpoint('notes_v1')).toBeNull();
    });
  });

  it('given writes in flight, when the store closes, then they are committed first', async () => {
    const first = new SqliteDocumentStore({ filename, writerThread: true });
    await first.ensureCollection(spec);
    const pending = Array.from({ length: 20 }, (_, index) =>
      first.upsert('notes_v1', `note-${index}`, { region: 'LIBEREC' }, BigInt(index + 1)),
    );
    await first.close();
    await expect(Promise.all(pending)).resolves.toEqual(pending.map(() => true));
    const second = new SqliteDocumentStore({ filename });
    try {
      expect(await second.count('notes_v1')).toBe(20);
    } finally {
      await second.close();
    }
  });

  it('given the thread has stopped, when writing, then a typed error comes back instead of a wait', async () => {
    await withThreadStore(async (store) => {
      await store.upsert('notes_v1', 'a', { region: 'PRAGUE' }, 1n);
      await (
        store as unknown as { writer: { thread: { worker: { terminate(): Promise<number> } } } }
      ).writer.thread.worker.terminate();
      await expect(store.upsert('notes_v1', 'b', { region: 'PRAGUE' }, 2n)).rejects.toMatchObject({
        code: 'READ_MODELS.WRITER_STOPPED',
      });
      expect((await store.get('notes_v1', 'a'))?.data).toEqual({ region: 'PRAGUE' });
    });
  });

  it('given the thread has stopped, when writing after the restart interval, then a new thread writes', async () => {
    await withThreadStore(async (store) => {
      await store.upsert('notes_v1', 'a', { region: 'PRAGUE' }, 1n);
      await (
        store as unknown as { writer: { thread: { worker: { terminate(): Promise<number> } } } }
      ).writer.thread.worker.terminate();
      await new Promise((resolve) => setTimeout(resolve, WRITER_RESTART_AFTER_MS + 100));

      await store.upsert('notes_v1', 'b', { region: 'LIBEREC' }, 2n);

      expect((await store.get('notes_v1', 'a'))?.data).toEqual({ region: 'PRAGUE' });
      expect((await store.get('notes_v1', 'b'))?.data).toEqual({ region: 'LIBEREC' });
    });
  });

  it('given a failing statement on the thread, when written, then the error keeps its name and code and the next write succeeds', async () => {
    await withThreadStore(async (store) => {
      const other = new Database(filename);
      other.exec('DROP TABLE notes_v1');
      other.close();
      await expect(store.upsert('notes_v1', 'x', { region: 'PRAGUE' }, 1n)).rejects.toMatchObject({
        name: 'SqliteError',
        code: 'SQLITE_ERROR',
      });
      await store.ensureCollection(spec);
      await expect(store.upsert('notes_v1', 'x', { region: 'PRAGUE' }, 1n)).resolves.toBe(true);
    });
  });
});

describe('SQLite document store layout', () => {
  const spec: CollectionSpec = {
    name: 'people_v1',
    fields: [
      { name: 'region', type: 'string' },
      { name: 'age', type: 'number' },
      { name: 'active', type: 'boolean' },
      { name: 'name', type: 'string', text: true },
      { name: 'tags', type: 'string[]' },
    ],
  };
  let directory: string;
  let filename: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'document-store-layout-'));
    filename = join(directory, 'read-models.sqlite');
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const hiddenOf = (column: string): number | undefined => {
    const db = new Database(filename, { readonly: true });
    try {
      return (
        db.prepare(`SELECT hidden FROM pragma_table_xinfo('people_v1') WHERE name = ?`).get(column) as
          { hidden: number } | undefined
      )?.hidden;
    } finally {
      db.close();
    }
  };

  it('keeps declared fields in plain columns filled on write, so that writes never parse the JSON', async () => {
    const store = new SqliteDocumentStore({ filename });
    await store.ensureCollection(spec);
    await store.upsert('people_v1', 'a', { region: 'PRAGUE', age: 30, active: true, name: 'Ána' }, 1n);
    await store.close();
    expect(hiddenOf('f:region')).toBe(0);
    const db = new Database(filename, { readonly: true });
    expect(
      db.prepare(`SELECT "f:region" AS region, "f:age" AS age, "f:active" AS active FROM people_v1`).get(),
    ).toEqual({
      region: 'PRAGUE',
      age: 30,
      active: 1,
    });
    db.close();
  });

  it('given a filter on one index and an order by another, when paging, then it sorts ids first and every page is right', async () => {
    const store = new SqliteDocumentStore({ filename });
    await store.ensureCollection(spec);
    const regions = ['PRAGUE', 'LIBEREC', 'CENTRAL_BOHEMIA'];
    const people = Array.from({ length: 120 }, (_, index) => ({
      id: `p${String(index).padStart(3, '0')}`,
      data: {
        region: regions[index % 3] as string,
        age: (index * 37) % 50,
        active: index % 2 === 0,
        name: `N${index}`,
      },
    }));
    for (const person of people) await store.upsert('people_v1', person.id, person.data, 1n);
    const prepared: string[] = [];
    const db = (store as unknown as { db: Database.Database }).db;
    const prepare = db.prepare.bind(db);
    jest.spyOn(db, 'prepare').mockImplementation((sql: string) => {
      prepared.push(sql);
      return prepare(sql);
    });

    const expected = people
      .filter((person) => person.data.region === 'PRAGUE')
      .sort((a, b) => b.data.age - a.data.age || a.id.localeCompare(b.id))
      .map((person) => person.id);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Page<JsonObject> = await store.find('people_v1', {
        filter: { region: 'PRAGUE' },
        sort: [{ field: 'age', direction: 'desc' }],
        first: 7,
        after,
      });
      seen.push(...page.items.map((item) => item.id));
      after = page.hasNextPage ? page.endCursor : null;
    } while (after !== null);
    expect(seen).toEqual(expected);
    expect(prepared.filter((sql) => sql.includes('AS page'))).not.toHaveLength(0);

    prepared.length = 0;
    const byAge = await store.find('people_v1', { sort: [{ field: 'age' }], first: 5 });
    expect(byAge.items.map((item) => item.data.age)).toEqual([0, 0, 0, 1, 1]);
    expect(prepared.filter((sql) => sql.startsWith('SELECT id, position, data FROM'))).toHaveLength(1);
    await store.close();
  });

  it('leaves the indexes out while deferred, answers queries all the same, and builds them when asked again', async () => {
    const indexesOf = (): string[] => {
      const db = new Database(filename, { readonly: true });
      try {
        return (
          db
            .prepare(
              `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people_v1' AND sql IS NOT NULL`,
            )
            .all() as { name: string }[]
        )
          .map((row) => row.name)
          .sort();
      } finally {
        db.close();
      }
    };
    const store = new SqliteDocumentStore({ filename });
    await store.ensureCollection(spec, { deferIndexes: true });
    await store.upsert('people_v1', 'a', { region: 'PRAGUE', age: 30, active: true, name: 'Anna' }, 1n);
    await store.upsert('people_v1', 'b', { region: 'LIBEREC', age: 20, active: false, name: 'Bohdan' }, 2n);
    expect(indexesOf()).toEqual([]);
    const query = { filter: { region: 'PRAGUE', name: { $prefix: 'an' } } };
    expect((await store.find('people_v1', query)).items.map((item) => item.id)).toEqual(['a']);

    await store.ensureCollection(spec);
    expect(indexesOf()).toEqual([
      'people_v1:f:active',
      'people_v1:f:age',
      'people_v1:f:name',
      'people_v1:f:region',
      'people_v1:t:name',
    ]);
    expect((await store.find('people_v1', query)).items.map((item) => item.id)).toEqual(['a']);
    await store.close();
  });

  it('fills a field declared later from the documents already stored', async () => {
    const store = new SqliteDocumentStore({ filename });
    await store.ensureCollection({ name: 'people_v1', fields: [{ name: 'region', type: 'string' }] });
    await store.upsert('people_v1', 'a', { region: 'PRAGUE', age: 30 }, 1n);
    await store.upsert('people_v1', 'b', { region: 'LIBEREC', age: 20 }, 2n);
    await store.ensureCollection({ name: 'people_v1', fields: [...spec.fields] });
    const page = await store.find('people_v1', { filter: { age: { $gte: 25 } } });
    expect(page.items.map((item) => item.id)).toEqual(['a']);
    await store.close();
  });

  it('still reads, writes and queries a table whose fields are generated columns, as earlier versions made them', async () => {
    const db = new Database(filename);
    db.exec(`
      CREATE TABLE _collections (name TEXT PRIMARY KEY, spec TEXT NOT NULL);
      CREATE TABLE people_v1 (id TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL, data TEXT) WITHOUT ROWID;
      ALTER TABLE people_v1 ADD COLUMN "f:region" GENERATED ALWAYS AS (json_extract(data, '$.region')) VIRTUAL;
      ALTER TABLE people_v1 ADD COLUMN "f:age" GENERATED ALWAYS AS (json_extract(data, '$.age')) VIRTUAL;
      ALTER TABLE people_v1 ADD COLUMN "f:active" GENERATED ALWAYS AS (json_extract(data, '$.active')) VIRTUAL;
      ALTER TABLE people_v1 ADD COLUMN "f:name" GENERATED ALWAYS AS (json_extract(data, '$.name')) VIRTUAL;
      ALTER TABLE people_v1 ADD COLUMN "t:name" TEXT;
      CREATE INDEX "people_v1:f:region" ON people_v1 ("f:region", id);
    `);
    db.prepare(`INSERT INTO people_v1 (id, position, data, "t:name") VALUES ('old', 1, ?, 'olena')`).run(
      JSON.stringify({ region: 'PRAGUE', age: 40, active: false, name: 'Olena' }),
    );
    db.close();

    const store = new SqliteDocumentStore({ filename });
    await store.ensureCollection(spec);
    expect(hiddenOf('f:region')).toBe(2);
    await store.upsert('people_v1', 'new', { region: 'PRAGUE', age: 25, active: true, name: 'Oleg' }, 2n);
    await store.upsert('people_v1', 'other', { region: 'LIBEREC', age: 50, active: true, name: 'Ola' }, 3n);
    const prague = await store.find('people_v1', {
      filter: { region: 'PRAGUE' },
      sort: [{ field: 'age', direction: 'asc' }],
    });
    expect(prague.items.map((item) => item.id)).toEqual(['new', 'old']);
    expect(await store.count('people_v1', { active: true })).toBe(2);
    expect(
      (await store.find('people_v1', { filter: { name: { $prefix: 'ole' } } })).items.map((item) => item.id),
    ).toEqual(['new', 'old']);
    expect(await store.delete('people_v1', 'old', 4n)).toBe(true);
    expect(await store.count('people_v1', { region: 'PRAGUE' })).toBe(1);
    await store.close();
  });
});

describe('SQLite document store, parsed copies of documents read by id', () => {
  const spec: CollectionSpec = { name: 'people_v1', fields: [{ name: 'region', type: 'string' }] };
  let directory: string;
  let filename: string;
  const stores: SqliteDocumentStore[] = [];
  const open = async (options: { freezeSharedDocuments?: boolean } = {}) => {
    const store = new SqliteDocumentStore({ filename, ...options });
    await store.ensureCollection(spec);
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'document-store-parsed-'));
    filename = join(directory, 'read-models.sqlite');
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    for (const store of stores.splice(0)) await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('given a document read here, when it is read again or written here, then no JSON is parsed', async () => {
    const store = await open();
    await store.upsert('people_v1', 'a', { region: 'PRAGUE' }, 1n);
    await store.get('people_v1', 'a');
    const parse = jest.spyOn(JSON, 'parse');

    const again = await store.get('people_v1', 'a');
    await store.upsert('people_v1', 'a', { region: 'LIBEREC' }, 2n);
    const states = await store.getStates('people_v1', ['a']);

    expect(again?.data).toEqual({ region: 'PRAGUE' });
    expect(states.get('a')).toEqual({ position: 2n, data: { region: 'LIBEREC' } });
    expect(parse).not.toHaveBeenCalled();
  });

  it('given a document never read here, when it is written, then no copy is kept for it', async () => {
    const store = await open();
    await store.upsert('people_v1', 'a', { region: 'PRAGUE' }, 1n);
    const parse = jest.spyOn(JSON, 'parse');

    await store.get('people_v1', 'a');

    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('given a copy held here, when another connection writes the document, then the next read sees the write', async () => {
    const reader = await open();
    const writer = await open();
    await writer.upsert('people_v1', 'a', { region: 'PRAGUE' }, 1n);
    expect((await reader.get('people_v1', 'a'))?.data).toEqual({ region: 'PRAGUE' });

    await writer.upsert('people_v1', 'a', { region: 'LIBEREC' }, 2n);
    expect((await reader.get('people_v1', 'a'))?.data).toEqual({ region: 'LIBEREC' });
    await writer.delete('people_v1', 'a', 3n);
    expect(await reader.get('people_v1', 'a')).toBeNull();
    expect((await reader.getStates('people_v1', ['a'])).get('a')).toEqual({ position: 3n, data: null });
  });

  it('given a batch that fails part way, then the copies are those of the documents as stored', async () => {
    const store = await open();
    await store.upsert('people_v1', 'a', { region: 'PRAGUE' }, 1n);
    await store.get('people_v1', 'a');

    await expect(
      store.applyBatch(
        [
          { kind: 'upsert', collection: 'people_v1', id: 'a', data: { region: 'LIBEREC' }, position: 2n },
          { kind: 'delete', collection: 'missing_v1', id: 'b', position: 2n },
        ],
        { projection: 'people_v1', position: 2n },
      ),
    ).rejects.toMatchObject({ code: 'READ_MODELS.UNKNOWN_COLLECTION' });

    expect(await store.get('people_v1', 'a')).toEqual({ id: 'a', position: 1n, data: { region: 'PRAGUE' } });
  });

  it('given a collection dropped here and filled again elsewhere, then a document at the same position is read afresh', async () => {
    const store = await open();
    await store.upsert('people_v1', 'a', { region: 'PRAGUE' }, 5n);
    await store.get('people_v1', 'a');

    await store.dropCollection('people_v1');
    await store.ensureCollection(spec);
    const rebuilder = await open();
    await rebuilder.upsert('people_v1', 'a', { region: 'LIBEREC' }, 5n);

    expect((await store.get('people_v1', 'a'))?.data).toEqual({ region: 'LIBEREC' });
  });

  describe('while a term of sole writing is vouched for', () => {
    // The other store writes although this one was told it writes alone: only so can a test see that the copies
    // answered without the file being asked.
    it('given copies held here, then they answer without asking the file; a new term, or none, asks again', async () => {
      const reader = await open();
      const other = await open();
      let term: object | null = {};
      reader.serveCopiesUncheckedWhile(() => term);
      await other.upsert('people_v1', 'a', { region: 'PRAGUE' }, 1n);
      expect((await reader.get('people_v1', 'a'))?.data).toEqual({ region: 'PRAGUE' });

      await other.upsert('people_v1', 'a', { region: 'LIBEREC' }, 2n);
      expect((await reader.get('people_v1', 'a'))?.data).toEqual({ region: 'PRAGUE' });

      term = {};
      expect((await reader.get('people_v1', 'a'))?.data).toEqual({ region: 'LIBEREC' });
      term = null;
      await other.upsert('people_v1', 'a', { region: 'CENTRAL_BOHEMIA' }, 3n);
      expect((await reader.getStates('people_v1', ['a'])).get('a')).toEqual({
        position: 3n,
        data: { region: 'CENTRAL_BOHEMIA' },
      });
    });

    it('given writes made here, then reads see them at once, a deletion included', async () => {
      const store = await open();
      store.serveCopiesUncheckedWhile(() => store);
      await store.upsert('people_v1', 'a', { region: 'PRAGUE' }, 1n);
      await store.get('people_v1', 'a');

      await store.upsert('people_v1', 'a', { region: 'LIBEREC' }, 2n);
      expect(await store.get('people_v1', 'a')).toEqual({
        id: 'a',
        position: 2n,
        data: { region: 'LIBEREC' },
      });
      await store.applyBatch([{ kind: 'delete', collection: 'people_v1', id: 'a', position: 3n }], {
        projection: 'people_v1',
        position: 3n,
      });
      expect(await store.get('people_v1', 'a')).toBeNull();
    });

    it('given a document written here and never read, then it is read back without parsing or asking the file', async () => {
      const store = await open();
      store.serveCopiesUncheckedWhile(() => store);
      await store.upsert('people_v1', 'a', { region: 'PRAGUE' }, 1n);
      const other = await open();
      await other.upsert('people_v1', 'a', { region: 'LIBEREC' }, 2n);
      const parse = jest.spyOn(JSON, 'parse');

      expect(await store.get('people_v1', 'a')).toEqual({
        id: 'a',
        position: 1n,
        data: { region: 'PRAGUE' },
      });
      expect(parse).not.toHaveBeenCalled();
    });

    it('given a write that fails on the file, then no copy answers unchecked afterwards', async () => {
      const reader = await open();
      const other = await open();
      reader.serveCopiesUncheckedWhile(() => reader);
      await other.upsert('people_v1', 'a', { region: 'PRAGUE' }, 1n);
      await reader.get('people_v1', 'a');
      await other.upsert('people_v1', 'a', { region: 'LIBEREC' }, 2n);
      const raw = new Database(filename);
      raw.exec(
        `CREATE TRIGGER refuse BEFORE INSERT ON people_v1 WHEN NEW.id = 'b' BEGIN SELECT RAISE(ABORT, 'refused'); END`,
      );
      raw.close();

      await expect(reader.upsert('people_v1', 'b', { region: 'PRAGUE' }, 3n)).rejects.toThrow('refused');
      expect((await reader.get('people_v1', 'a'))?.data).toEqual({ region: 'LIBEREC' });
    });
  });

  it('freezes the shared documents under test, so a change throws instead of reaching the next reader', async () => {
    const store = await open();
    await store.upsert('people_v1', 'a', { region: 'PRAGUE', tags: ['x'] }, 1n);
    const read = (await store.get<{ region: string; tags: string[] }>('people_v1', 'a'))!.data;
    expect(() => read.tags.push('y')).toThrow(TypeError);

    const unfrozen = await open({ freezeSharedDocuments: false });
    const own = (await unfrozen.get<{ region: string }>('people_v1', 'a'))!.data;
    expect(Object.isFrozen(own)).toBe(false);
  });
});
