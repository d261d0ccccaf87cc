import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { MasterKey } from './master-key';
import { openMongoSubjectKeyStore } from './mongo-subject-key-store';
import { openSqliteSubjectKeyStore } from './sqlite-subject-key-store';
import { describeSubjectKeyStoreContract } from './subject-key-store.contract';

describeSubjectKeyStoreContract('SQLite', async ({ masterKey }) => {
  const dir = mkdtempSync(join(tmpdir(), 'subject-keys-'));
  const filename = join(dir, 'keys.db');
  const store = openSqliteSubjectKeyStore({ filename, masterKey });
  const raw = new Database(filename, { readonly: true });
  return {
    store,
    async storedKeyMaterial(subjectId) {
      const row = raw
        .prepare<[string], { wrapped_key: string | null }>(
          'SELECT wrapped_key FROM subject_keys WHERE subject_id = ?',
        )
        .get(subjectId);
      return row?.wrapped_key ?? null;
    },
    async dispose() {
      raw.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SQLite subject key store on disk', () => {
  it('given a destroyed key, then its wrapped key is found in neither the file nor its write-ahead log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'subject-keys-disk-'));
    const filename = join(dir, 'keys.db');
    const store = openSqliteSubjectKeyStore({ filename, masterKey: MasterKey.generate() });
    try {
      await store.create('client-1');
      const raw = new Database(filename, { readonly: true });
      const wrapped = raw
        .prepare<[string], { wrapped_key: string }>(
          'SELECT wrapped_key FROM subject_keys WHERE subject_id = ?',
        )
        .get('client-1')?.wrapped_key;
      raw.close();
      expect(wrapped).toEqual(expect.any(String));
      const onDisk = () =>
        [filename, `${filename}-wal`].filter(
          (file) => existsSync(file) && readFileSync(file).includes(Buffer.from(wrapped as string)),
        );
      expect(onDisk().length).toBeGreaterThan(0);

      await store.destroy('client-1');
      expect(onDisk()).toEqual([]);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const mongoUrl = process.env.MONGO_URL;
if (mongoUrl === undefined || mongoUrl === '') {
  console.log('MongoDB SubjectKeyStore contract suite skipped: MONGO_URL is not set');
  describe.skip('SubjectKeyStore contract: MongoDB', () => {
    it('needs MONGO_URL', () => undefined);
  });
} else {
  describeSubjectKeyStoreContract('MongoDB', async ({ masterKey }) => {
    const connection = await mongoose
      .createConnection(mongoUrl, { dbName: `subject_keys_test_${process.pid}_${Date.now()}` })
      .asPromise();
    const store = await openMongoSubjectKeyStore({ connection, masterKey });
    return {
      store,
      async storedKeyMaterial(subjectId) {
        const doc = await connection
          .collection<{ subjectId: string; wrappedKey?: string | null }>('subject_keys')
          .findOne({ subjectId });
        return doc?.wrappedKey ?? null;
      },
      async dispose() {
        await store.close();
        await connection.dropDatabase();
        await connection.close();
      },
    };
  });
}
