import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createLogger, hs256Verifier, loadConfig, type Logger } from '@app/platform';
import { tokenMain } from '../cli/token.cli';
import { resolveJwtSecret, storedJwtSecret, tokenCommand } from './secrets';

/** What a shell sets DATA_DIR to when it runs the command's assignment. */
function dataDirAsRunBy(command: string): string {
  const assignment = command.slice(0, command.indexOf(' npm run token'));
  return execFileSync('sh', ['-c', `${assignment} sh -c 'printf %s "$DATA_DIR"'`], { encoding: 'utf8' });
}

/** `npm run token` with the given DATA_DIR and nothing else in its environment; the token it printed. */
async function runTokenCommand(dataDir: string, argv: string[]): Promise<string> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await tokenMain({ argv, env: { DATA_DIR: dataDir }, stdout, stderr });
  expect(code).toBe(0);
  return Buffer.concat(chunks).toString('utf8').trim();
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

describe('resolveJwtSecret', () => {
  let parent: string;
  let dataDir: string;
  let logLines: string[];
  let logger: Logger;

  /** The configuration of the embedded default as a first `npm start` reads it, with `env` on top. */
  const configWith = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dataDir, ...env });
  const secretFile = () => join(dataDir, 'jwt.secret');

  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'pruvodce-secrets-'));
    // Not there yet, as ./data is not before the first start.
    dataDir = join(parent, 'data');
    logLines = [];
    logger = createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          logLines.push(...chunk.toString().trim().split('\n'));
          callback();
        },
      }),
    );
  });

  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('given a fresh DATA_DIR and no JWT_SECRET, when resolved, then a long random secret is written for its owner only', () => {
    const secret = resolveJwtSecret(configWith(), logger);

    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(readFileSync(secretFile(), 'utf8')).toBe(secret);
    expect(statSync(secretFile()).mode & 0o777).toBe(0o600);
    expect(resolveJwtSecret(configWith(), createLogger('silent'))).not.toBe(
      resolveJwtSecret(configWith({ DATA_DIR: join(parent, 'other') }), createLogger('silent')),
    );
  });

  it('given a first start, when it logs, then the line names the token command for that DATA_DIR and not the secret', () => {
    const secret = resolveJwtSecret(configWith(), logger)!;

    expect(logLines).toHaveLength(1);
    const entry = JSON.parse(logLines[0]!) as { level: string; msg: string; file: string };
    expect(entry.level).toBe('info');
    expect(entry.file).toBe(secretFile());
    expect(entry.msg).toContain(tokenCommand(dataDir));
    expect(entry.msg).toMatch(/npm run token -- --role COORDINATOR --region PRAGUE$/);
    expect(logLines[0]).not.toContain(secret);
  });

  it('given a first start, when started again and a token is minted as the log says, then the same secret verifies it', async () => {
    const first = resolveJwtSecret(configWith(), logger)!;
    const minted = await runTokenCommand(dataDir, [
      '--role',
      'COORDINATOR',
      '--region',
      'PRAGUE',
      '--sub',
      'alice',
    ]);

    logLines.length = 0;
    const second = resolveJwtSecret(configWith(), logger)!;

    expect(second).toBe(first);
    expect(logLines).toEqual([]);
    await expect(hs256Verifier(second).verify(minted)).resolves.toEqual({
      subject: 'alice',
      role: 'COORDINATOR',
      regions: ['PRAGUE'],
    });
  });

  it('given JWT_SECRET, when resolved, then it is used and nothing is written or logged', () => {
    expect(resolveJwtSecret(configWith({ JWT_SECRET: 'configured-secret' }), logger)).toBe(
      'configured-secret',
    );
    expect(existsSync(dataDir)).toBe(false);
    expect(logLines).toEqual([]);
  });

  it('given JWT_JWKS_URL only, when resolved, then there is no secret and nothing is written', () => {
    const config = configWith({ JWT_JWKS_URL: 'https://id.example.org/jwks' });
    expect(resolveJwtSecret(config, logger)).toBeUndefined();
    expect(existsSync(dataDir)).toBe(false);
    expect(logLines).toEqual([]);
  });

  it('given production without JWT_SECRET or a stored secret, when resolved, then there is no secret and nothing is written', () => {
    expect(resolveJwtSecret(configWith({ NODE_ENV: 'production' }), logger)).toBeUndefined();
    expect(existsSync(dataDir)).toBe(false);
    expect(logLines).toEqual([]);
  });

  it('given an empty jwt.secret left by an interrupted first start, when resolved, then a new secret is generated', () => {
    mkdirSync(dataDir);
    writeFileSync(secretFile(), '\n', { mode: 0o600 });

    const secret = resolveJwtSecret(configWith(), logger);

    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(readFileSync(secretFile(), 'utf8')).toBe(secret);
    expect(logLines).toHaveLength(1);
  });

  it('given an empty jwt.secret left with loose permissions, when a new secret is generated, then it is readable by its owner only', () => {
    mkdirSync(dataDir);
    writeFileSync(secretFile(), '', { mode: 0o644 });

    resolveJwtSecret(configWith(), logger);

    expect(statSync(secretFile()).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual(['jwt.secret']);
  });

  it('given a secret a development start generated, when resolved in production, then it is not used', () => {
    const generated = resolveJwtSecret(configWith(), logger);
    expect(generated).toBeDefined();

    expect(resolveJwtSecret(configWith({ NODE_ENV: 'production' }), logger)).toBeUndefined();
    expect(storedJwtSecret(dataDir)).toBe(generated);
  });

  it('given an empty jwt.secret in production, when resolved, then there is no secret rather than an empty one', () => {
    mkdirSync(dataDir);
    writeFileSync(secretFile(), '', { mode: 0o600 });

    expect(resolveJwtSecret(configWith({ NODE_ENV: 'production' }), logger)).toBeUndefined();
    expect(storedJwtSecret(dataDir)).toBeUndefined();
  });
});
