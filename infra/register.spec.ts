import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

describe('infra/register.js', () => {
  it('runs TypeScript with the @app aliases, the SQLite driver for this Node and stack traces on the .ts lines', () => {
    const output = execFileSync(
      process.execPath,
      ['-r', join(ROOT, 'infra/register.js'), join(ROOT, 'infra/testing/loader-probe.fixture.ts')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const probe = JSON.parse(output) as Record<string, unknown>;
    expect(probe).toMatchObject({
      domainLoaded: true,
      subpathLoaded: true,
      sqliteOpens: { one: 1 },
      className: 'DecoratedProbe',
    });
    expect(probe.where).toContain(`${join('infra', 'testing', 'loader-probe.fixture.ts')}:12:`);
  });
});
