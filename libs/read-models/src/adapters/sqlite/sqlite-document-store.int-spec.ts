import { describeDocumentStoreContract } from '../../testing/document-store.contract';
import { SqliteDocumentStore } from './sqlite-document-store';

describeDocumentStoreContract('SQLite', async () => new SqliteDocumentStore({ filename: ':memory:' }));
