import type { ReadSide } from './read-side';
import { requestDocuments } from './request-documents';
import { requestContextOf } from './testing/request-context';

describe('requestDocuments', () => {
  const stored: Record<string, { name: string }> = { a: { name: 'A' }, b: { name: 'B' } };
  const readsOf = () => {
    const reads: string[][] = [];
    const readSide = {
      collection: (model: string) => Promise.resolve(`${model}_v1`),
      documents: {
        getMany: (_collection: string, ids: readonly string[]) => {
          reads.push([...ids]);
          return Promise.resolve(
            new Map(ids.flatMap((id) => (stored[id] ? [[id, { id, data: stored[id], position: 1n }]] : []))),
          );
        },
      },
    } as unknown as ReadSide;
    return { reads, readSide };
  };

  it('given ids asked for by several resolvers in one tick, then one read answers them all, unknown ids as null', async () => {
    const { reads, readSide } = readsOf();
    const context = requestContextOf(null, 'c-1');
    const [first, second, again] = await Promise.all([
      requestDocuments(context, readSide, 'people').load('a'),
      requestDocuments(context, readSide, 'people').loadMany(['b', 'missing']),
      requestDocuments(context, readSide, 'people').load('a'),
    ]);
    expect(first).toEqual({ name: 'A' });
    expect(second).toEqual([{ name: 'B' }, null]);
    expect(again).toEqual({ name: 'A' });
    expect(reads).toEqual([['a', 'b', 'missing']]);
  });

  it('given two requests, then each reads for itself', async () => {
    const { reads, readSide } = readsOf();
    await requestDocuments(requestContextOf(null, 'c-1'), readSide, 'people').load('a');
    await requestDocuments(requestContextOf(null, 'c-2'), readSide, 'people').load('a');
    expect(reads).toEqual([['a'], ['a']]);
  });
});
