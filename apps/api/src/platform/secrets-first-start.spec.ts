import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createLogger, loadConfig } from '@app/platform';
import { startTestApp, type TestApp } from '../../test/support/test-app';
import { startApi } from '../bootstrap';
import { tokenMain } from '../cli/token.cli';
import { tokenCommand } from './secrets';

/** The environment of a first `npm start`: the embedded default with nothing configured but the data directory. */
const embeddedDefault = (dataDir: string) => ({ DATA_DIR: dataDir, JWT_SECRET: '' });

/** `npm run token` as the log line tells the user to run it; the token it printed. */
async function mintAsTheLogSays(dataDir: string): Promise<string> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await tokenMain({
    argv: ['--role', 'COORDINATOR', '--region', 'PRAGUE', '--sub', 'alice'],
    env: { DATA_DIR: dataDir },
    stdout,
    stderr: new PassThrough(),
  });
  expect(code).toBe(0);
  return Buffer.concat(chunks).toString('utf8').trim();
}

const whoAmI = async (app: TestApp, token: string) =>
  (await app.gql('{ me { subject role regions } }', {}, token)).data;

describe('the first start of the embedded default without JWT_SECRET', () => {
  let parent: string;
  let dataDir: string;
  const running: TestApp[] = [];

  const start = async () => {
    const app = await startTestApp(embeddedDefault(dataDir));
    running.push(app);
    return app;
  };

  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'pruvodce-first-start-'));
    dataDir = join(parent, 'data');
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((app) => app.close()));
    rmSync(parent, { recursive: true, force: true });
  });

  it('given a fresh DATA_DIR, when the API starts, then it keeps a generated secret, says how to mint a token and accepts that token', async () => {
    const app = await start();

    const secretFile = join(dataDir, 'jwt.secret');
    const secret = readFileSync(secretFile, 'utf8');
    expect(secret.length).toBeGreaterThanOrEqual(43);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const told = app.logLines.filter((line) => line.includes('npm run token'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(tokenCommand(dataDir));
    expect(app.logLines.filter((line) => line.includes(secret))).toEqual([]);

    const token = await mintAsTheLogSays(dataDir);
    expect(await whoAmI(app, token)).toEqual({
      me: { subject: 'alice', role: 'COORDINATOR', regions: ['PRAGUE'] },
    });
  });

  it('given a token minted after the first start, when the API starts again on the same DATA_DIR, then it still accepts the token', async () => {
    const first = await start();
    const secret = readFileSync(join(dataDir, 'jwt.secret'), 'utf8');
    expect(first.logLines.some((line) => line.includes('npm run token'))).toBe(true);
    const token = await mintAsTheLogSays(dataDir);
    await Promise.all(running.splice(0).map((app) => app.close()));

    const second = await start();

    expect(readFileSync(join(dataDir, 'jwt.secret'), 'utf8')).toBe(secret);
    expect(second.logLines.filter((line) => line.includes('npm run token'))).toEqual([]);
    expect(await whoAmI(second, token)).toEqual({
      me: { subject: 'alice', role: 'COORDINATOR', regions: ['PRAGUE'] },
    });
  });

  it('given production without JWT_SECRET or JWT_JWKS_URL, when the API starts, then it refuses and writes no secret', async () => {
    const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });

    await expect(startApi(config, createLogger('silent'))).rejects.toThrow(
      'JWT_SECRET or JWT_JWKS_URL must be set in production',
    );
    expect(existsSync(join(dataDir, 'jwt.secret'))).toBe(false);
  });
});
