import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { describeDocumentStoreContract } from '../../testing/document-store.contract';
import { MongoDocumentStore, redactMongoUrl } from './mongo-document-store';

const MONGO_URL = process.env.MONGO_URL;

if (MONGO_URL === undefined || MONGO_URL === '') {
  console.log('MongoDB DocumentStore contract suite skipped: MONGO_URL is not set');
  describe.skip('DocumentStore contract: MongoDB', () => {
    it('needs MONGO_URL', () => undefined);
  });
} else {
  const url = MONGO_URL;
  describeDocumentStoreContract('MongoDB', async () => {
    const store = await MongoDocumentStore.connect({
      url,
      dbName: `read_models_test_${randomUUID().replace(/-/g, '')}`,
    });
    // The contract closes the store after each test; the fresh database goes with it.
    const close = store.close.bind(store);
    store.close = async () => {
      await store.dropDatabase();
      await close();
    };
    return store;
  });

  describe('MongoDocumentStore indexes', () => {
    it('keeps the indexes of a newer spec, and any other, when an older spec is declared again', async () => {
      const dbName = `read_models_test_${randomUUID().replace(/-/g, '')}`;
      const store = await MongoDocumentStore.connect({ url, dbName });
      try {
        const newer = {
          name: 'people',
          fields: [
            { name: 'region', type: 'string' as const },
            { name: 'name', type: 'string' as const, text: true },
          ],
        };
        await store.ensureCollection(newer);
        await store.ensureCollection({
          name: 'people',
          fields: [{ name: 'region', type: 'string' as const }],
        });
        const client = await mongoose.mongo.MongoClient.connect(url);
        try {
          const keys = (await client.db(dbName).collection('people').indexes()).map((index) =>
            Object.keys(index.key).join(','),
          );
          expect(keys).toEqual(
            expect.arrayContaining(['data.region,_id', 'data.name,_id', '_text.name,_id']),
          );
        } finally {
          await client.close();
        }
      } finally {
        await store.dropDatabase();
        await store.close();
      }
    });
  });
}

describe('redactMongoUrl', () => {
  it('strips the user name and password from a connection string', () => {
    expect(redactMongoUrl('mongodb://reader:s3cr%40t@db.example:27017/app?replicaSet=rs0')).toBe(
      'mongodb://db.example:27017/app?replicaSet=rs0',
    );
  });
});

describe('MongoDocumentStore.connect', () => {
  it('gives up after its attempts with a coded error that names the URL without credentials', async () => {
    // Port 1 on the loopback interface refuses connections: the real client fails fast, no server is involved.
    const error: unknown = await MongoDocumentStore.connect({
      url: 'mongodb://reader:hunter2@127.0.0.1:1/app',
      connectAttempts: 2,
      serverSelectionTimeoutMs: 200,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'READ_MODELS.CONNECTION_FAILED',
      attempts: 2,
      url: 'mongodb://127.0.0.1:1/app',
    });
    expect(String((error as Error).message)).not.toMatch(/hunter2|reader/);
  });
});
