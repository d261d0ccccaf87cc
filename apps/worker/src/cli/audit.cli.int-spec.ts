import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openSqliteEventStore } from '@app/event-store';
import { testMetadata } from '@app/event-store/testing';
import { embeddedProjectionStoreFiles } from '@app/read-models';

const ROOT = resolve(__dirname, '../../../..');

describe('npm run audit (the process, on the event store alone)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-audit-process-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given a DATA_DIR holding events but not the master key, when verify runs, then it checks the chains without the key, creating nothing', async () => {
    const store = openSqliteEventStore({ filename: embeddedProjectionStoreFiles(dataDir).events });
    await store.append('client-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'no_stream', [
      { type: 'NoteAdded', data: { text: 'x' }, metadata: testMetadata() },
    ]);
    await store.close();

    const result = spawnSync(
      process.execPath,
      ['-r', join(ROOT, 'infra/register.js'), join(ROOT, 'apps/worker/src/cli/audit.cli.ts'), 'verify'],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' },
    );

    expect(result.stderr).toBe('hash chains: 1 streams, 0 broken\n');
    expect(result.status).toBe(0);
    expect(existsSync(join(dataDir, 'master.key'))).toBe(false);
    expect(existsSync(join(dataDir, 'read-models.sqlite'))).toBe(false);
  });
});
