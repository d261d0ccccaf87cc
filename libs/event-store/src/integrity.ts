import {
  CHAIN_START,
  checkChainLink,
  isBrokenLink,
  type BrokenLink,
  type ChainHead,
  type ChainVerdict,
} from './hash-chain';
import type { EventFilter, EventStore } from './port';
import { assertValidStreamId, streamCategory } from './validation';

export interface StoreIntegrityOptions {
  /** Verify only this stream (the walk is narrowed to its category). */
  readonly streamId?: string;
  readonly pageSize?: number;
}

type StreamState = (ChainHead & { readonly events: number }) | BrokenLink;

/**
 * Walks the whole log in global order, page by page, keeping only each stream's chain head, and reports per
 * stream either OK or its first broken link. Global order matters: an event moved to another position breaks
 * the revision sequence even when its own hash still matches.
 */
export async function verifyStoreIntegrity(
  store: EventStore,
  options: StoreIntegrityOptions = {},
): Promise<ChainVerdict[]> {
  const { streamId, pageSize = 500 } = options;
  if (streamId !== undefined) assertValidStreamId(streamId);
  const filter: EventFilter | undefined =
    streamId === undefined ? undefined : { streamCategories: [streamCategory(streamId)] };
  const states = new Map<string, StreamState>();
  if (streamId !== undefined) states.set(streamId, { ...CHAIN_START, events: 0 });

  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize, filter });
    const last = page[page.length - 1];
    if (last === undefined) break;
    for (const event of page) {
      if (streamId !== undefined && event.streamId !== streamId) continue;
      const state = states.get(event.streamId) ?? { ...CHAIN_START, events: 0 };
      if ('ok' in state) continue;
      const result = checkChainLink(state, event);
      states.set(event.streamId, isBrokenLink(result) ? result : { ...result, events: state.events + 1 });
    }
    after = last.position;
  }

  return [...states].map(([id, state]): ChainVerdict =>
    'ok' in state ? state : { ok: true, streamId: id, events: state.events },
  );
}
