import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT_VARIABLES } from './config';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

describe('README.md', () => {
  it.each(ENVIRONMENT_VARIABLES.map((variable) => [variable.name, variable]))(
    'documents %s with its default in the configuration table',
    (name, variable) => {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row).toBeDefined();
      expect(row).toContain(variable.default === undefined ? '| unset |' : `| \`${variable.default}\` |`);
    },
  );

  it('gives the command that starts the embedded default and the command that runs the tests', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/```sh\nnpm test\n```/);
  });
});
