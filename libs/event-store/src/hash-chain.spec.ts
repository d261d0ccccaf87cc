import fc from 'fast-check';
import { canonicalJson, eventHash, GENESIS_HASH, type HashInput } from './hash-chain';
import type { JsonValue } from './port';

/** The definition the chains already written were hashed with: sort the keys, drop absent values, join. */
function definitionalCanonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(definitionalCanonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys
    .filter((key) => value[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${definitionalCanonicalJson(value[key] as JsonValue)}`)
    .join(',')}}`;
}

const ACCESS_RECORD: HashInput = {
  streamId: 'clientAccess-3f1c2a4e-1111-4222-8333-944455556666',
  revision: 3,
  eventId: '0d5e7a1c-2b3c-4d5e-8f90-a1b2c3d4e5f6',
  type: 'PersonalDataAccessed',
  data: {
    clientId: '3f1c2a4e-1111-4222-8333-944455556666',
    fields: ['name', 'contact'],
    operation: 'query client',
    nested: { z: 1, a: [true, null, 2.5, 'ü"\n'], '10': 'x', '2': 'y' },
    empty: {},
    none: [],
  },
  metadata: {
    commandId: 'cmd-1',
    correlationId: 'corr-1',
    causationId: null,
    actor: { id: 'coordinator-1', role: 'COORDINATOR' },
    occurredAt: '2026-11-27T11:30:00.000Z',
    schemaVersion: 1,
    prevHash: GENESIS_HASH,
  },
};

describe('canonicalJson', () => {
  it('sorts keys at every depth as strings (so "10" before "2"), keeps array order and escapes as JSON', () => {
    expect(canonicalJson(ACCESS_RECORD.data)).toBe(
      '{"clientId":"3f1c2a4e-1111-4222-8333-944455556666","empty":{},"fields":["name","contact"],' +
        '"nested":{"10":"x","2":"y","a":[true,null,2.5,"ü\\"\\n"],"z":1},"none":[],"operation":"query client"}',
    );
  });

  it('leaves out keys whose value is absent, as JSON does', () => {
    const value = { b: undefined, a: 1 } as unknown as JsonValue;
    expect(canonicalJson(value)).toBe('{"a":1}');
  });

  it('gives the text of the definition for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value as JsonValue)).toBe(definitionalCanonicalJson(value as JsonValue));
      }),
      { numRuns: 1000 },
    );
  });

  it('is what JSON.parse reads back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value as JsonValue))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('eventHash', () => {
  it('still hashes an event as the chains already written were hashed', () => {
    // Computed before canonicalJson was rewritten; a change here breaks every stored chain.
    expect(eventHash(ACCESS_RECORD)).toBe('1dc13c5628447643974b2e975313d77d87ded09a10db318348cf08326d359699');
  });
});
