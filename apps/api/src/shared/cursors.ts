import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';
import type { MasterKey } from '@app/event-store';
import type { AppConfig } from '@app/platform';
import { InvalidCursorError } from '@app/read-models';
import { badInput } from '../platform/commands/command-errors';
import { canonicalText } from './canonical-text';
import { deriveKey, onceFromMasterKey } from './master-key';

/**
 * The cursors clients see. The document store's own cursor is a readable encoding of the last item's sort
 * values (a volunteer's name, for one), and it would be accepted by any list sorted the same way. Clients
 * put cursors in URLs, so they end up in browser history and proxy logs: what leaves the API is the store
 * cursor encrypted and authenticated (AES-256-GCM) together with the list it belongs to and the arguments
 * that shaped that list. A cursor of another list, of other arguments, or no cursor at all fails to
 * authenticate and is answered BAD_USER_INPUT like any other bad argument.
 */

/** A cursor this API sealed; only `pageOfList` makes them, so a connection cannot hand out a store cursor. */
export type SealedCursor = string & { readonly __sealedCursor: unique symbol };

/** The shape of a page every connection is built from. */
export interface ListPage<Item> {
  readonly items: readonly Item[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
  /** The store's cursor after `items[index]` (see the document store's `Page`). */
  cursorAt(index: number): string;
}

export type SealedPage<P extends ListPage<unknown>> = Omit<P, 'endCursor' | 'cursorAt'> & {
  readonly endCursor: SealedCursor | null;
  /** Whether the page was read after a cursor: the item that cursor was handed out for precedes it. */
  readonly hasPreviousPage: boolean;
  /** The cursor after `items[index]`, sealed for this list; sealed only when asked for. */
  cursorAt(index: number): SealedCursor;
};

/**
 * Which list a cursor belongs to: its name (one per connection field) and the arguments that select and
 * order it besides `first` and `after`. Not the caller's regions: a list's arguments are what the caller
 * repeats from page to page, and the store query applies the regions again on every page anyway.
 */
export interface ListIdentity {
  readonly name: string;
  readonly arguments?: unknown;
}

export const NOT_A_CURSOR = 'is not a cursor of this list';

/** HKDF `info` of the cursor key: a key of its own, so cursors never share a key with personal data. */
export const CURSOR_KEY_INFO = 'pruvodce:cursor:v1';

const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** What the store cursor is carried as: its base64url decoded (a third shorter), or verbatim. */
const STORE_BASE64URL = 1;
const STORE_TEXT = 0;
/** Far above any cursor this API hands out (a 200-character name stays under 1,000); refused before decoding. */
const MAX_CURSOR_LENGTH = 4000;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export class ListCursors {
  readonly #key: KeyObject;

  private constructor(key: KeyObject) {
    this.#key = key;
  }

  /** The cursor key derived from the master key, so cursors survive restarts and work on every replica. */
  static fromMasterKey(masterKey: MasterKey): ListCursors {
    return new ListCursors(deriveKey(masterKey, CURSOR_KEY_INFO));
  }

  seal(list: ListIdentity, storeCursor: string): SealedCursor {
    const compact = BASE64URL.test(storeCursor) && isCanonicalBase64url(storeCursor);
    const plaintext = Buffer.concat([
      Buffer.of(compact ? STORE_BASE64URL : STORE_TEXT),
      compact ? Buffer.from(storeCursor, 'base64url') : Buffer.from(storeCursor, 'utf8'),
    ]);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(list));
    const sealed = Buffer.concat([
      Buffer.of(FORMAT),
      iv,
      cipher.update(plaintext),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return sealed.toString('base64url') as SealedCursor;
  }

  /** The store cursor inside `cursor`, or BAD_USER_INPUT on `after` when this API did not seal it for `list`. */
  open(list: ListIdentity, cursor: string): string {
    const refuse = (): never => {
      throw badInput('after', NOT_A_CURSOR);
    };
    if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) return refuse();
    const sealed = Buffer.from(cursor, 'base64url');
    if (sealed.length < 1 + IV_BYTES + 1 + TAG_BYTES || sealed[0] !== FORMAT) return refuse();
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, sealed.subarray(1, 1 + IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(associatedData(list));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      plaintext = Buffer.concat([
        decipher.update(sealed.subarray(1 + IV_BYTES, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      return refuse();
    }
    const body = plaintext.subarray(1);
    if (plaintext[0] === STORE_BASE64URL) return body.toString('base64url');
    if (plaintext[0] === STORE_TEXT) return body.toString('utf8');
    return refuse();
  }

  // Key material never reaches a log by accident.
  toString(): string {
    return '[ListCursors]';
  }

  toJSON(): string {
    return '[ListCursors]';
  }
}

/** The cursors of the API configured by `config`, loaded once (see `onceFromMasterKey`). */
export function listCursorsOf(config: AppConfig): Promise<ListCursors> {
  return onceFromMasterKey(config, CURSOR_KEY_INFO, (masterKey) => ListCursors.fromMasterKey(masterKey));
}

/**
 * One page of a connection: opens `after` (refusing, as BAD_USER_INPUT on `after`, a cursor not sealed for
 * this list and these arguments, before anything is read), lets `read` fetch the page with the store's
 * cursor, and seals the page's end cursor (and each item's, when asked). Every connection goes through here; `toConnection` only accepts
 * what it returns.
 */
export async function pageOfList<P extends ListPage<unknown>>(
  cursors: ListCursors,
  list: ListIdentity,
  after: string | null | undefined,
  read: (storeAfter: string | null) => Promise<P>,
): Promise<SealedPage<P>> {
  const storeAfter = after === null || after === undefined ? null : cursors.open(list, after);
  let page: P;
  try {
    page = await read(storeAfter);
  } catch (error) {
    // A cursor sealed by this API that the store no longer accepts (its sort changed in a release).
    if (error instanceof InvalidCursorError) throw badInput('after', NOT_A_CURSOR);
    throw error;
  }
  return {
    ...page,
    endCursor: page.endCursor === null ? null : cursors.seal(list, page.endCursor),
    hasPreviousPage: storeAfter !== null,
    cursorAt: (index) => cursors.seal(list, page.cursorAt(index)),
  };
}

/** The list's name and arguments as bytes: null, absent and empty arguments alike, object keys in a fixed order. */
function associatedData(list: ListIdentity): Buffer {
  return Buffer.from(`${FORMAT}\u0000${list.name}\u0000${canonicalText(list.arguments) ?? 'null'}`, 'utf8');
}

function isCanonicalBase64url(text: string): boolean {
  return Buffer.from(text, 'base64url').toString('base64url') === text;
}
