import fc from 'fast-check';
import { duplicateKeyFailures, prefixPattern, textSlotOf } from './mongo-document-store';

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}(\.[A-Za-z][A-Za-z0-9_]{0,62}){0,4}$/;
const fieldNames = fc
  .array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,6}$/), { minLength: 1, maxLength: 3 })
  .map((segments) => segments.join('.'))
  .filter((name) => FIELD_NAME.test(name));

describe('textSlotOf', () => {
  it('gives keys without dots, one per field name', () => {
    expect(textSlotOf('name')).toBe('name');
    expect(textSlotOf('a.b')).not.toBe(textSlotOf('a__b'));
    expect(textSlotOf('a.b')).not.toBe(textSlotOf('a_db'));
    fc.assert(
      fc.property(fieldNames, fieldNames, (first, second) => {
        expect(textSlotOf(first)).not.toContain('.');
        if (first !== second) expect(textSlotOf(first)).not.toBe(textSlotOf(second));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('prefixPattern', () => {
  it('matches exactly the strings that start with the prefix, whatever characters it holds, and holds no NUL byte', () => {
    expect(prefixPattern('a\u0000b')).not.toContain('\u0000');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (prefix, other) => {
        const pattern = prefixPattern(prefix);
        expect(pattern).not.toContain('\u0000');
        const regex = new RegExp(pattern, 'u');
        expect(regex.test(prefix + other)).toBe(true);
        expect(regex.test(other)).toBe(other.startsWith(prefix));
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('duplicateKeyFailures', () => {
  const writeError = (index: number, code: number) => ({ index, code });
  const noWriteConcernError = { getWriteConcernError: () => undefined };

  it('gives the indexes of writes refused only for a duplicate key', () => {
    const error = Object.assign(new Error('E11000'), {
      code: 11000,
      writeErrors: [writeError(0, 11000), writeError(3, 11000)],
      result: noWriteConcernError,
    });
    expect(duplicateKeyFailures(error)).toEqual([0, 3]);
  });

  it('rethrows a batch where any write failed for another reason', () => {
    const error = Object.assign(new Error('bulk'), {
      code: 11000,
      writeErrors: [writeError(0, 11000), writeError(1, 121)],
      result: noWriteConcernError,
    });
    expect(() => duplicateKeyFailures(error)).toThrow(error);
  });

  it('rethrows duplicate keys that came with a write concern error, which the driver leaves in the result', () => {
    const error = Object.assign(new Error('E11000'), {
      code: 11000,
      writeErrors: [writeError(2, 11000)],
      result: { getWriteConcernError: () => ({ code: 64, errmsg: 'waiting for replication timed out' }) },
    });
    expect(() => duplicateKeyFailures(error)).toThrow(error);
  });

  it('rethrows duplicate keys that came with writes mongoose could not cast, and so never sent', () => {
    const error = Object.assign(new Error('E11000'), {
      code: 11000,
      writeErrors: [writeError(0, 11000)],
      result: noWriteConcernError,
      mongoose: { validationErrors: [{ index: 1, error: new Error('Cast to BigInt failed') }], results: [] },
    });
    expect(() => duplicateKeyFailures(error)).toThrow(error);
  });

  it('rethrows an error that is not about writes at all', () => {
    const error = new Error('connection reset');
    expect(() => duplicateKeyFailures(error)).toThrow(error);
  });
});
