import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { tokenCommand } from './secrets';

/** What a shell sets DATA_DIR to when it runs the command's assignment. */
function dataDirAsRunBy(command: string): string {
  const assignment = command.slice(0, command.indexOf(' npm run token'));
  return execFileSync('sh', ['-c', `${assignment} sh -c 'printf %s "$DATA_DIR"'`], { encoding: 'utf8' });
}

describe('tokenCommand', () => {
  it('given the default data directory, when printed, then the plain command', () => {
    expect(tokenCommand(resolve('data'))).toBe('npm run token -- --role COORDINATOR --region PRAGUE');
  });

  it('given another data directory, when printed, then the command names it', () => {
    const command = tokenCommand('/srv/pruvodce-data');
    expect(command).toBe('DATA_DIR=/srv/pruvodce-data npm run token -- --role COORDINATOR --region PRAGUE');
    expect(dataDirAsRunBy(command)).toBe('/srv/pruvodce-data');
  });

  it('given a directory with spaces and quotes, when run by a shell, then it reads the same directory', () => {
    const dataDir = "/tmp/program's data $HOME";
    expect(dataDirAsRunBy(tokenCommand(dataDir))).toBe(dataDir);
  });
});
