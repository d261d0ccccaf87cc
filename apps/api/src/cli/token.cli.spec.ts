import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { hs256Verifier } from '@app/platform';
import { tokenMain, type TokenMainDeps } from './token.cli';

function capture() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('npm run token', () => {
  let dataDir: string;

  const run = async (argv: string[], env: TokenMainDeps['env'] = { DATA_DIR: dataDir }) => {
    const stdout = capture();
    const stderr = capture();
    const code = await tokenMain({ argv, env, stdout: stdout.stream, stderr: stderr.stream });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-token-cli-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([['--help'], ['-h']])('given %s, when run, then it prints the usage and exits 0', async (flag) => {
    const result = await run([flag]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^usage: npm run token -- --role /);
  });

  it('given a DATA_DIR without jwt.secret, when run, then it refuses in one line and generates nothing', async () => {
    const result = await run(['--role', 'AUDITOR']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `no JWT secret in ${dataDir}: start the service once on this DATA_DIR, or set JWT_SECRET\n`,
    });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('given the secret the service generated, when run, then the service accepts the token', async () => {
    writeFileSync(join(dataDir, 'jwt.secret'), 'the-service-secret\n');
    const result = await run(['--role', 'COORDINATOR', '--region', 'PRAGUE', '--sub', 'alice']);
    expect(result.code).toBe(0);
    await expect(hs256Verifier('the-service-secret').verify(result.stdout.trim())).resolves.toEqual({
      subject: 'alice',
      role: 'COORDINATOR',
      regions: ['PRAGUE'],
    });
  });

  it('given JWT_SECRET, when run, then it signs with it and leaves DATA_DIR alone', async () => {
    const result = await run(['--role', 'ADMIN'], { DATA_DIR: dataDir, JWT_SECRET: 'configured' });
    expect(result.code).toBe(0);
    await expect(hs256Verifier('configured').verify(result.stdout.trim())).resolves.toMatchObject({
      role: 'ADMIN',
    });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('given production and only a generated secret, when run, then it refuses: the service would not accept the token', async () => {
    writeFileSync(join(dataDir, 'jwt.secret'), 'the-service-secret\n');
    const result = await run(['--role', 'ADMIN'], { DATA_DIR: dataDir, NODE_ENV: 'production' });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'production verifies tokens with JWT_SECRET or JWT_JWKS_URL; set JWT_SECRET\n',
    });
  });

  // With JWT_JWKS_URL set the service verifies through the provider alone, JWT_SECRET or not (bootstrap.ts).
  it.each([
    ['only JWT_JWKS_URL', {}],
    ['JWT_JWKS_URL and JWT_SECRET', { JWT_SECRET: 'configured' }],
  ])(
    'given %s, when run, then it signs nothing and says the tokens come from the identity provider',
    async (_, extra) => {
      const result = await run(['--role', 'ADMIN'], {
        DATA_DIR: dataDir,
        JWT_JWKS_URL: 'https://id.example.org/jwks',
        ...extra,
      });
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(/^JWT_JWKS_URL is set: tokens come from that identity provider/);
    },
  );

  it('given --region twice, when run, then the token carries both regions, alone on the last line', async () => {
    writeFileSync(join(dataDir, 'jwt.secret'), 'the-service-secret');
    const result = await run(['--role', 'COORDINATOR', '--region', 'PRAGUE', '--region', 'LIBEREC']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lastLine = result.stdout.trimEnd().split('\n').at(-1) ?? '';
    await expect(hs256Verifier('the-service-secret').verify(lastLine)).resolves.toEqual({
      subject: 'developer',
      role: 'COORDINATOR',
      regions: ['PRAGUE', 'LIBEREC'],
    });
  });

  it.each([['banana'], ['-2h'], ['2 hours ago'], ['0h']])(
    'given --expires %s, when run, then the option and its format are named',
    async (expires) => {
      writeFileSync(join(dataDir, 'jwt.secret'), 'the-service-secret');
      const result = await run(['--role', 'ADMIN', `--expires=${expires}`]);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr.split('\n')[0]).toBe(
        '--expires must be a whole number and a unit (s, m, h, d or w), e.g. 12h or 7d',
      );
    },
  );

  it('given an unknown region, when run, then the usage error names the option and the regions, not the value', async () => {
    const result = await run(['--role', 'COORDINATOR', '--region', 'Nováková']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^--region must be one of PRAGUE, CENTRAL_BOHEMIA, LIBEREC\nusage: npm run token/,
    );
    expect(result.stderr).not.toContain('Nováková');
  });

  it.each([['--sub='], ['--sub= ']])(
    'given %s, when run, then it is a usage error and no token is printed',
    async (sub) => {
      const result = await run(['--role', 'ADMIN', sub]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^--sub must not be empty\nusage: npm run token/);
    },
  );

  it('given an unknown option, when run, then it is a usage error', async () => {
    const result = await run(['--rol', 'ADMIN']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^unknown option --rol\nusage: npm run token/);
  });
});
