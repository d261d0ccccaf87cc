import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ConfigError, createLogger, loadConfig } from '@app/platform';
import { startApi } from '../../../api/src/bootstrap';
import { createRuntime } from './runtime';

const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });

describe('starting the runtime', () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'pruvodce-runtime-start-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('given a certificate policy that cannot be, when started, then the variable is named before DATA_DIR, a key or a store is created', async () => {
    const dataDir = join(parent, 'data');
    const config = loadConfig({ DATA_DIR: dataDir, CERTIFICATE_MIN_HOURS: '-1' });

    const error: unknown = await createRuntime(config, createLogger('warn', silent), {
      project: false,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ variable: 'CERTIFICATE_MIN_HOURS' });
    expect(existsSync(dataDir)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('given the same setting, when the API starts, then it is refused before the JWT secret is generated', async () => {
    const dataDir = join(parent, 'data');
    const config = loadConfig({ DATA_DIR: dataDir, CERTIFICATE_MIN_HOURS: '-1' });

    await expect(startApi(config, createLogger('warn', silent))).rejects.toBeInstanceOf(ConfigError);

    expect(existsSync(dataDir)).toBe(false);
  });
});
