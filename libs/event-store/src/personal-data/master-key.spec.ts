import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { assertMasterKeyOpensStoredKeys, loadMasterKey, MASTER_KEY_FILE, MasterKey } from './master-key';
import {
  InvalidMasterKeyError,
  MasterKeyMismatchError,
  MasterKeyMissingError,
  PersonalDataIntegrityError,
} from './personal-data.errors';
import { openSqliteSubjectKeyStore } from './sqlite-subject-key-store';

describe('loadMasterKey', () => {
  let dataDir: string;
  let lines: string[];
  const log = { info: (message: string) => void lines.push(message) };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'master-key-'));
    lines = [];
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses DATA_KEY when given and writes no file', async () => {
    const dataKey = randomBytes(32).toString('base64');
    const key = await loadMasterKey({ dataKey, dataDir, log });
    expect(key.toBase64()).toBe(dataKey);
    await expect(stat(join(dataDir, MASTER_KEY_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(lines).toEqual([]);
  });

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['too long', randomBytes(33).toString('base64')],
    ['not base64', `${'!'.repeat(43)}=`],
    ['hex instead of base64', randomBytes(32).toString('hex')],
  ])('rejects a malformed DATA_KEY (%s) without echoing it', async (_label, dataKey) => {
    const failure = loadMasterKey({ dataKey, dataDir, log });
    await expect(failure).rejects.toBeInstanceOf(InvalidMasterKeyError);
    const error = (await failure.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('DATA_KEY');
    expect(error.message).not.toContain(dataKey);
  });

  it('generates a 0600 key file on first start, logs one line without the key, and reuses it', async () => {
    const first = await loadMasterKey({ dataDir, log });
    const path = join(dataDir, MASTER_KEY_FILE);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(path);
    expect(lines[0]).not.toContain(first.toBase64());

    const second = await loadMasterKey({ dataDir, log });
    expect(second.toBase64()).toBe(first.toBase64());
    expect((await readFile(path, 'utf8')).trim()).toBe(first.toBase64());
    expect(lines).toHaveLength(1);
  });

  it('creates a missing data directory', async () => {
    const nested = join(dataDir, 'nested', 'data');
    await loadMasterKey({ dataDir: nested, log });
    await expect(stat(join(nested, MASTER_KEY_FILE))).resolves.toBeDefined();
  });

  it('given a data directory that already holds sealed data, when its key file is missing, then no key is generated and the error names both', async () => {
    await writeFile(join(dataDir, 'events.sqlite'), 'data sealed with the lost key');

    const error: unknown = await loadMasterKey({
      dataDir,
      sealedDataFiles: ['events.sqlite', 'subject-keys.sqlite'],
      log,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MasterKeyMissingError);
    expect(error).toMatchObject({
      code: 'PERSONAL_DATA.MASTER_KEY_MISSING',
      keyFile: join(dataDir, MASTER_KEY_FILE),
      dataFiles: [join(dataDir, 'events.sqlite')],
    });
    await expect(stat(join(dataDir, MASTER_KEY_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(lines).toEqual([]);
  });

  it('given sealed data kept outside the data directory (MongoDB), when the key file is missing, then no key is generated', async () => {
    const error: unknown = await loadMasterKey({
      dataDir,
      sealedDataElsewhere: async () => ['the subject keys in MongoDB'],
      log,
    }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MasterKeyMissingError);
    expect(error).toMatchObject({ dataFiles: ['the subject keys in MongoDB'] });
    await expect(stat(join(dataDir, MASTER_KEY_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('given the sealed data files named but none there yet, when started, then a key is generated as on any first start', async () => {
    await loadMasterKey({ dataDir, sealedDataFiles: ['events.sqlite', 'subject-keys.sqlite'], log });

    expect((await stat(join(dataDir, MASTER_KEY_FILE))).isFile()).toBe(true);
  });

  it('refuses a corrupt key file instead of replacing it', async () => {
    const path = join(dataDir, MASTER_KEY_FILE);
    await writeFile(path, 'not a key', { mode: 0o600 });
    await expect(loadMasterKey({ dataDir, log })).rejects.toBeInstanceOf(InvalidMasterKeyError);
    await expect(readFile(path, 'utf8')).resolves.toBe('not a key');
  });
});

describe('MasterKey', () => {
  it('never prints key material', () => {
    const key = MasterKey.generate();
    const secret = key.toBase64();
    for (const printed of [
      String(key),
      JSON.stringify({ key }),
      inspect(key),
      key.toString(),
      inspect({ nested: key }),
    ]) {
      expect(printed).not.toContain(secret);
    }
  });

  it('wraps and unwraps a subject key bound to its subject', () => {
    const masterKey = MasterKey.generate();
    const subjectKey = randomBytes(32);
    const wrapped = masterKey.wrap(subjectKey, 'client-a');
    expect(masterKey.unwrap(wrapped, 'client-a')).toEqual(subjectKey);
    expect(() => masterKey.unwrap(wrapped, 'client-b')).toThrow(PersonalDataIntegrityError);
    expect(() => MasterKey.generate().unwrap(wrapped, 'client-a')).toThrow(PersonalDataIntegrityError);
    expect(() => masterKey.unwrap('v1.garbage', 'client-a')).toThrow(PersonalDataIntegrityError);
  });
});

describe('assertMasterKeyOpensStoredKeys', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'master-key-check-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('given subject keys sealed with one master key, when another opens the store, then it is refused, naming its source', async () => {
    const filename = join(dataDir, 'subject-keys.sqlite');
    const sealing = MasterKey.generate();
    const first = openSqliteSubjectKeyStore({ masterKey: sealing, filename });
    await first.create('client-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    await first.close();

    const wrong = openSqliteSubjectKeyStore({ masterKey: MasterKey.generate(), filename });
    const right = openSqliteSubjectKeyStore({ masterKey: sealing, filename });
    try {
      const error: unknown = await assertMasterKeyOpensStoredKeys(wrong, 'DATA_KEY').catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(MasterKeyMismatchError);
      expect(error).toMatchObject({ code: 'PERSONAL_DATA.MASTER_KEY_MISMATCH', source: 'DATA_KEY' });
      await expect(assertMasterKeyOpensStoredKeys(right, 'DATA_KEY')).resolves.toBeUndefined();
    } finally {
      await wrong.close();
      await right.close();
    }
  });

  it('given no subject key stored yet, then any master key is accepted', async () => {
    const store = openSqliteSubjectKeyStore({ masterKey: MasterKey.generate() });
    await expect(assertMasterKeyOpensStoredKeys(store, 'DATA_KEY')).resolves.toBeUndefined();
    await store.close();
  });
});
