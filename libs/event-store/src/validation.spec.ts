import { InvalidEventDataError } from './errors';
import { assertJsonSafe } from './validation';

function nested(depth: number, leaf: unknown): unknown {
  let value: unknown = leaf;
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? { inner: value } : [value];
  return value;
}

function refusalOf(value: unknown): InvalidEventDataError {
  try {
    assertJsonSafe(value, 'data');
  } catch (error) {
    if (error instanceof InvalidEventDataError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('assertJsonSafe', () => {
  it('accepts JSON values, however deeply nested', () => {
    expect(() =>
      assertJsonSafe({ a: [1, 'two', true, null, { b: Object.create(null) }] }, 'data'),
    ).not.toThrow();
    expect(() => assertJsonSafe(nested(500, 'leaf'), 'data')).not.toThrow();
  });

  it('accepts one object referenced twice, which is not a cycle', () => {
    const shared = { code: 'X' };
    expect(() => assertJsonSafe({ first: shared, second: [shared] }, 'data')).not.toThrow();
  });

  it('names the path of the first value JSON would change', () => {
    expect(refusalOf({ list: [{ ok: 1 }, { when: new Date() }] })).toMatchObject({
      path: 'data.list[1].when',
    });
    expect(refusalOf({ ratio: Number.NaN })).toMatchObject({ path: 'data.ratio' });
    expect(refusalOf({ a: { b: undefined } })).toMatchObject({ path: 'data.a.b' });
  });

  it('refuses a cycle, and a bad value below the depth the quick walk covers', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.again = { back: cyclic };
    expect(refusalOf(cyclic)).toMatchObject({ path: 'data.again.back' });
    const deepPath = refusalOf(nested(100, 10n)).path;
    expect(deepPath.startsWith('data')).toBe(true);
    expect(deepPath.length).toBeGreaterThan(100);
  });
});
