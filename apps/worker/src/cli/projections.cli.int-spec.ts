import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');

/** `npm run projections -- …` as an operator runs it, on a DATA_DIR of its own. */
function projections(argv: string[], dataDir: string) {
  const result = spawnSync(
    process.execPath,
    ['-r', join(ROOT, 'infra/register.js'), join(ROOT, 'apps/worker/src/cli/projections.cli.ts'), ...argv],
    { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run projections (the process entry)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-projections-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given --help, then the usage on stdout, exit 0, and nothing opened or created', () => {
    const result = projections(['--help'], dataDir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^usage: npm run projections -- status/);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it.each([
    [['rebuild', 'clientz'], /^no projection of that name; known: .*clients/],
    [['rebuil', 'clients'], /^usage: npm run projections/],
  ])('given %j, then a usage error on stderr, exit 2, and nothing opened or created', (argv, message) => {
    const result = projections(argv, dataDir);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(message);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
