import { join } from 'node:path';
import { ALL_PROJECTIONS, SqliteProjectionLease, runProjectionsCli } from '@app/read-models';
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
    const registered = await app.gql(
      `mutation ($input: RegisterClientInput!) { registerClient(input: $input) { client { id } } }`,
      {
        input: {
          name: 'Lease Check',
          email: 'lease.check@example.org',
          countryOfOrigin: 'UA',
          languages: ['uk'],
          region: 'PRAGUE',
          needs: [],
        },
      },
      token,
    );
    app.expectNoErrors(registered);
    const listed = await app.gql(`{ clients(filter: { namePrefix: "Lease" }) { totalCount } }`, {}, token);
    expect(listed.data?.clients.totalCount).toBe(1);
  });
});
