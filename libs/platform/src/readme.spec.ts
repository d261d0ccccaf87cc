import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVIRONMENT_VARIABLES } from './config';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

/** The configuration table's rows as trimmed cells, however the table is padded. */
const tableRows = readme
  .split('\n')
  .filter((line) => line.trimStart().startsWith('|'))
  .map((line) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim()),
  );

describe('README.md', () => {
  it.each(ENVIRONMENT_VARIABLES.map((variable) => [variable.name, variable]))(
    'documents %s with its default in the configuration table',
    (name, variable) => {
      const row = tableRows.find((cells) => cells[0] === `\`${name}\``);
      expect(row).toBeDefined();
      expect(row?.[1]).toBe(variable.default === undefined ? 'unset' : `\`${variable.default}\``);
    },
  );

  it('lists no variable the code does not read', () => {
    const documented = tableRows
      .map((cells) => /^`([A-Z][A-Z0-9_]*)`$/.exec(cells[0] ?? '')?.[1])
      .filter((name): name is string => name !== undefined);
    expect(documented.sort()).toEqual(ENVIRONMENT_VARIABLES.map((variable) => variable.name).sort());
  });

  it('gives the command that starts the embedded default and the command that runs the tests', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/```sh\nnpm test\n```/);
  });
});
