import { join } from 'node:path';
import {
  ALL_PROJECTIONS,
  SqliteDocumentStore,
  SqliteProjectionLease,
  embeddedProjectionStoreFiles,
  runProjectionsCli,
} from '@app/read-models';
import type { Runtime } from '../../worker/src/runtime/runtime';
import { RUNTIME } from '../src/platform/tokens';
import { startTestApp, type TestApp } from './support/test-app';

describe('the projections lease on the embedded default', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  /** Registers a client in Prague as the holder of `token`; returns its id. */
  const registerClientInPrague = async (token: string, name: string): Promise<string> => {
    const registered = await app.gql(
      `mutation ($input: RegisterClientInput!) { registerClient(input: $input) { client { id } } }`,
      {
        input: {
          name,
          email: `${name.toLowerCase().replace(' ', '.')}@example.org`,
          countryOfOrigin: 'UA',
          languages: ['uk'],
          region: 'PRAGUE',
          needs: [],
        },
      },
      token,
    );
    app.expectNoErrors(registered);
    return registered.data?.registerClient.client.id as string;
  };

  it('given the API running, when a rebuild is started on its DATA_DIR, then the rebuild refuses and the API keeps serving', async () => {
    const runtime = app.nest.get<Runtime>(RUNTIME);
    const lease = new SqliteProjectionLease({ filename: join(app.dataDir, 'projections.lease') });
    const output: string[] = [];
    try {
      const code = await runProjectionsCli(['rebuild', 'clients'], {
        eventStore: runtime.eventStore,
        documentStore: runtime.documents,
        projections: ALL_PROJECTIONS,
        lease,
        leaseWaitMs: 500,
        write: (line) => output.push(line),
      });
      expect(code).toBe(1);
      expect(JSON.parse(output[0] ?? '')).toMatchObject({ error: 'PROJECTION.LEASE_HELD' });
    } finally {
      await lease.close();
    }

    const token = await app.token('COORDINATOR', ['PRAGUE']);
    await registerClientInPrague(token, 'Lease Check');
    const listed = await app.gql(`{ clients(filter: { namePrefix: "Lease" }) { totalCount } }`, {}, token);
    expect(listed.data?.clients.totalCount).toBe(1);
  });

  it('given the API holding the lease, then documents it read or wrote are served from its copies without asking the file', async () => {
    const runtime = app.nest.get<Runtime>(RUNTIME);
    const token = await app.token('COORDINATOR', ['PRAGUE']);
    const id = await registerClientInPrague(token, 'Copy Check');
    expect(runtime.runner?.leaseTerm).not.toBeNull();
    const collection = await runtime.collection('clients');
    const held = await runtime.documents.get(collection, id);

    // A write no process may make while the API holds the lease: only so does the served copy show.
    const intruder = new SqliteDocumentStore({
      filename: embeddedProjectionStoreFiles(app.dataDir).readModels,
    });
    try {
      await intruder.upsert(collection, id, { ...held!.data, languages: ['cs'] }, held!.position + 1n);
    } finally {
      await intruder.close();
    }

    expect(await runtime.documents.get(collection, id)).toEqual(held);
  });
});
