import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { MasterKey } from '@app/event-store';
import { loadConfig } from '@app/platform';
import { InvalidCursorError } from '@app/read-models';
import { listCursorsOf, ListCursors, pageOfList } from './cursors';

const masterKey = MasterKey.fromBytes(Buffer.alloc(32, 7));
const cursors = ListCursors.fromMasterKey(masterKey);
const volunteers = { name: 'volunteers', arguments: { region: 'PRAGUE' } };
/** What the store's cursor of the volunteers list looks like: the last name and id, readable. */
const storeCursor = Buffer.from(
  JSON.stringify(['Věra Dvořáková', 'b5e7c3a0-0000-4000-8000-000000000001']),
).toString('base64url');

const refusal = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};

const expectNotACursor = (error: unknown): void => {
  expect(error).toBeInstanceOf(GraphQLError);
  expect(error).toMatchObject({
    message: 'after: is not a cursor of this list',
    extensions: {
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'after', message: 'is not a cursor of this list' }],
    },
  });
};

describe('ListCursors', () => {
  it('opens what it sealed, whether the store cursor is base64url or any other text', () => {
    expect(cursors.open(volunteers, cursors.seal(volunteers, storeCursor))).toBe(storeCursor);
    expect(cursors.open(volunteers, cursors.seal(volunteers, 'not base64url: ž/+='))).toBe(
      'not base64url: ž/+=',
    );
  });

  it('seals into opaque text, different every time, that holds nothing readable', () => {
    const sealed = cursors.seal(volunteers, storeCursor);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursors.seal(volunteers, storeCursor)).not.toBe(sealed);
    for (const decoded of [Buffer.from(sealed, 'base64url'), Buffer.from(sealed, 'base64')]) {
      expect(decoded.toString('utf8')).not.toContain('Věra');
      expect(decoded.toString('latin1')).not.toContain('V\u00c4\u009bra');
      expect(decoded.toString('latin1')).not.toContain('b5e7c3a0');
    }
    // Shorter than the readable cursor base64-encoded again would be.
    expect(sealed.length).toBeLessThan(Buffer.from(storeCursor).toString('base64url').length + 45);
  });

  it.each([
    ['empty', ''],
    ['garbage', 'garbage'],
    ['an empty JSON array', 'W10'],
    ['JSON null', 'bnVsbA'],
    ['two letters', 'zz'],
    ['overlong', 'a'.repeat(5000)],
    ['not base64url', '!!!!'],
    ["the store's own cursor", storeCursor],
  ])('refuses %s as BAD_USER_INPUT on after', (_label, cursor) => {
    expectNotACursor(refusal(() => cursors.open(volunteers, cursor)));
  });

  it('refuses a cursor of another list, of other arguments, or altered in any byte', () => {
    const sealed = cursors.seal(volunteers, storeCursor);
    expectNotACursor(
      refusal(() => cursors.open({ name: 'clients', arguments: { region: 'PRAGUE' } }, sealed)),
    );
    expectNotACursor(
      refusal(() => cursors.open({ name: 'volunteers', arguments: { region: 'BRNO' } }, sealed)),
    );
    expectNotACursor(refusal(() => cursors.open({ name: 'volunteers' }, sealed)));
    const bytes = Buffer.from(sealed, 'base64url');
    for (let index = 0; index < bytes.length; index += 1) {
      const altered = Buffer.from(bytes);
      altered[index] = (altered[index] ?? 0) ^ 1;
      expectNotACursor(refusal(() => cursors.open(volunteers, altered.toString('base64url'))));
    }
  });

  it('takes absent, null and empty arguments and any key order as the same list', () => {
    const bare = cursors.seal({ name: 'clients' }, storeCursor);
    expect(cursors.open({ name: 'clients', arguments: {} }, bare)).toBe(storeCursor);
    expect(cursors.open({ name: 'clients', arguments: { region: null, status: undefined } }, bare)).toBe(
      storeCursor,
    );
    const both = cursors.seal(
      { name: 'clients', arguments: { region: 'PRAGUE', status: 'REGISTERED' } },
      'c',
    );
    expect(
      cursors.open({ name: 'clients', arguments: { status: 'REGISTERED', region: 'PRAGUE' } }, both),
    ).toBe('c');
  });

  it('opens cursors sealed before a restart with the same master key, not with another', () => {
    const sealed = cursors.seal(volunteers, storeCursor);
    expect(ListCursors.fromMasterKey(MasterKey.fromBytes(Buffer.alloc(32, 7))).open(volunteers, sealed)).toBe(
      storeCursor,
    );
    const other = ListCursors.fromMasterKey(MasterKey.fromBytes(Buffer.alloc(32, 8)));
    expectNotACursor(refusal(() => other.open(volunteers, sealed)));
  });

  it('never prints its key', () => {
    expect(JSON.stringify({ cursors })).toBe('{"cursors":"[ListCursors]"}');
    expect(String(cursors)).toBe('[ListCursors]');
  });
});

describe('listCursorsOf', () => {
  it('derives the key from the master key of the configuration: every process of one installation agrees', async () => {
    const dataKey = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({ DATA_KEY: dataKey, JWT_SECRET: 'x'.repeat(40) });
    const again = loadConfig({ DATA_KEY: dataKey, JWT_SECRET: 'x'.repeat(40) });
    const sealed = (await listCursorsOf(config)).seal(volunteers, storeCursor);
    expect((await listCursorsOf(again)).open(volunteers, sealed)).toBe(storeCursor);
    expect(cursors.open(volunteers, sealed)).toBe(storeCursor);
  });

  it('reads the master key file of the embedded default', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-cursors-'));
    try {
      const first = await listCursorsOf(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40) }));
      const second = await listCursorsOf(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40) }));
      expect(second.open(volunteers, first.seal(volunteers, storeCursor))).toBe(storeCursor);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('pageOfList', () => {
  const itemCursors = ['WyJhIiwiMSJd', storeCursor];
  const page = {
    items: [1, 2],
    endCursor: storeCursor,
    hasNextPage: true,
    totalCount: 9,
    cursorAt: (index: number) => itemCursors[index] as string,
  };

  it('reads the first page without a cursor and seals its end cursor', async () => {
    const read = jest.fn(async () => page);
    const sealed = await pageOfList(cursors, volunteers, null, read);
    expect(read).toHaveBeenCalledWith(null);
    expect(sealed).toMatchObject({ items: [1, 2], hasNextPage: true, hasPreviousPage: false, totalCount: 9 });
    expect(sealed.endCursor).not.toBe(storeCursor);
    expect(cursors.open(volunteers, sealed.endCursor as string)).toBe(storeCursor);
  });

  it("seals each item's cursor for the same list when asked", async () => {
    const sealed = await pageOfList(cursors, volunteers, null, async () => page);
    expect(itemCursors.map((_cursor, index) => cursors.open(volunteers, sealed.cursorAt(index)))).toEqual(
      itemCursors,
    );
    expect(sealed.cursorAt(0)).not.toBe(itemCursors[0]);
    expectNotACursor(refusal(() => cursors.open({ name: 'clients' }, sealed.cursorAt(0))));
  });

  it("hands the store its own cursor back; an empty page's end cursor stays null", async () => {
    const after = cursors.seal(volunteers, storeCursor);
    const read = jest.fn(async () => ({ ...page, items: [], endCursor: null, hasNextPage: false }));
    const sealed = await pageOfList(cursors, volunteers, after, read);
    expect(sealed.endCursor).toBeNull();
    expect(sealed.hasPreviousPage).toBe(true);
    expect(read).toHaveBeenCalledWith(storeCursor);
  });

  it('refuses a bad cursor before reading anything', async () => {
    const read = jest.fn(async () => page);
    expectNotACursor(await pageOfList(cursors, volunteers, 'garbage', read).catch((error: unknown) => error));
    expectNotACursor(await pageOfList(cursors, volunteers, '', read).catch((error: unknown) => error));
    expect(read).not.toHaveBeenCalled();
  });

  it('answers BAD_USER_INPUT when the store refuses a cursor this API sealed, and lets other errors through', async () => {
    const after = cursors.seal(volunteers, storeCursor);
    const refused = await pageOfList(cursors, volunteers, after, async () => {
      throw new InvalidCursorError();
    }).catch((error: unknown) => error);
    expectNotACursor(refused);
    const failure = new Error('disk on fire');
    await expect(
      pageOfList(cursors, volunteers, after, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });
});
