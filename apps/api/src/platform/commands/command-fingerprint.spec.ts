import { createHash } from 'node:crypto';
import { MasterKey } from '@app/event-store';
import { loadConfig } from '@app/platform';
import { canonicalText } from '../../shared/canonical-text';
import {
  CommandFingerprints,
  commandFingerprintsOf,
  mutationFingerprintOf,
  setMutationFingerprint,
} from './command-fingerprint';

const fingerprints = CommandFingerprints.fromMasterKey(MasterKey.fromBytes(Buffer.alloc(32, 7)));
const input = {
  commandId: 'rc-1',
  name: 'Olena Kovalenko',
  dateOfBirth: '1990-05-01',
  languages: ['uk', 'ru'],
  region: 'PRAGUE',
};

describe('CommandFingerprints', () => {
  it('is 128 bits as base64url', () => {
    expect(fingerprints.of('registerClient', input)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('is the same for the same request, whatever its commandId, key order and absent or null fields', () => {
    const same = fingerprints.of('registerClient', input);
    expect(
      fingerprints.of('registerClient', {
        region: 'PRAGUE',
        languages: ['uk', 'ru'],
        dateOfBirth: '1990-05-01',
        name: 'Olena Kovalenko',
        email: null,
        commandId: 'another-key',
      }),
    ).toBe(same);
    const { commandId: _commandId, ...withoutKey } = input;
    expect(fingerprints.of('registerClient', withoutKey)).toBe(same);
  });

  it('differs for another value, another order of a list, another mutation and another master key', () => {
    const original = fingerprints.of('registerClient', input);
    expect(fingerprints.of('registerClient', { ...input, name: 'Other Person' })).not.toBe(original);
    expect(fingerprints.of('registerClient', { ...input, languages: ['ru', 'uk'] })).not.toBe(original);
    expect(fingerprints.of('registerVolunteer', input)).not.toBe(original);
    const otherKey = CommandFingerprints.fromMasterKey(MasterKey.fromBytes(Buffer.alloc(32, 8)));
    expect(otherKey.of('registerClient', input)).not.toBe(original);
  });

  it('is not a plain hash of the request and holds none of its text', () => {
    const fingerprint = fingerprints.of('registerClient', input);
    const { commandId: _commandId, ...request } = input;
    const canonical = `registerClient\u0000${canonicalText(request)}`;
    for (const plain of [canonical, canonicalText(request) ?? '', JSON.stringify(request)]) {
      const digest = createHash('sha256').update(plain).digest();
      expect(fingerprint).not.toBe(digest.subarray(0, 16).toString('base64url'));
      expect(fingerprint).not.toBe(digest.toString('base64url'));
      expect(fingerprint).not.toBe(digest.toString('hex'));
    }
    for (const text of ['Olena', 'Kovalenko', '1990', 'PRAGUE', 'rc-1']) {
      expect(fingerprint).not.toContain(text);
      expect(Buffer.from(fingerprint, 'base64url').toString('latin1')).not.toContain(text);
    }
    expect(String(fingerprints)).toBe('[CommandFingerprints]');
    expect(JSON.stringify({ fingerprints })).not.toContain('key');
  });

  it('derives its key from the master key of the configuration: every process of one installation agrees', async () => {
    const dataKey = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({ DATA_KEY: dataKey, JWT_SECRET: 'x'.repeat(40) });
    const again = loadConfig({ DATA_KEY: dataKey, JWT_SECRET: 'x'.repeat(40) });
    expect((await commandFingerprintsOf(config)).of('registerClient', input)).toBe(
      (await commandFingerprintsOf(again)).of('registerClient', input),
    );
    expect((await commandFingerprintsOf(config)).of('registerClient', input)).toBe(
      fingerprints.of('registerClient', input),
    );
  });
});

describe('mutationFingerprintOf', () => {
  it('is the fingerprint last set for the request, and none for a request without a mutation', () => {
    const request = {};
    expect(mutationFingerprintOf(request)).toBeUndefined();
    setMutationFingerprint(request, 'fp-a');
    setMutationFingerprint(request, 'fp-b');
    expect(mutationFingerprintOf(request)).toBe('fp-b');
    expect(mutationFingerprintOf({})).toBeUndefined();
  });
});
