import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

function runProjectionsCli(dataDir: string, ...args: string[]) {
  return spawnSync(
    process.execPath,
    ['-r', join(ROOT, 'infra/register.js'), join(ROOT, 'apps/worker/src/cli/projections.cli.ts'), ...args],
    { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, encoding: 'utf8' },
  );
}

describe('npm run projections', () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'projections-cli-e2e-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it.each([['status'], ['rebuild', 'clients']])(
    'given a DATA_DIR with no event store, when running %s, then it refuses with exit 2 and creates nothing',
    (...args) => {
      const dataDir = join(parent, 'mistyped');
      const result = runProjectionsCli(dataDir, ...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`no event store in ${dataDir}`);
      expect(result.stdout).toBe('');
      expect(existsSync(dataDir)).toBe(false);
    },
  );
});
