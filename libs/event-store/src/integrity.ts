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

type StreamState = (ChainHead & { readonly events: number; readonly lastPosition: bigint }) | BrokenLink;

/**
 * Walks the whole log in global order, page by page, keeping only each stream's chain head, and reports per
 * stream either OK or its first broken link, including events missing at the end of a stream. Global order
 * matters: an event moved to another position breaks the revision sequence even when its own hash still matches.
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
  if (streamId !== undefined) states.set(streamId, { ...CHAIN_START, events: 0, lastPosition: 0n });

  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize, filter });
    const last = page[page.length - 1];
    if (last === undefined) break;
    for (const event of page) {
      if (streamId !== undefined && event.streamId !== streamId) continue;
      const state = states.get(event.streamId) ?? { ...CHAIN_START, events: 0, lastPosition: 0n };
      if ('ok' in state) continue;
      const result = checkChainLink(state, event);
      states.set(
        event.streamId,
        isBrokenLink(result) ? result : { ...result, events: state.events + 1, lastPosition: event.position },
      );
    }
    after = last.position;
  }

  const verdicts: ChainVerdict[] = [];
  for (const [id, state] of states) {
    verdicts.push(
      'ok' in state
        ? state
        : ((await missingTail(store, id, state)) ?? { ok: true, streamId: id, events: state.events }),
    );
  }
  return verdicts;
}

/**
 * A removed last event leaves no successor whose `prevHash` could give it away; the store's own head of the
 * stream (SQLite keeps it apart from the events) still counts it. An event that is readable past the walk was
 * appended meanwhile, not removed.
 */
async function missingTail(
  store: EventStore,
  streamId: string,
  walked: ChainHead & { readonly lastPosition: bigint },
): Promise<BrokenLink | null> {
  const recorded = await store.streamRevision(streamId);
  if (recorded === null || recorded < walked.nextRevision) return null;
  const appendedSince = await store.readStream(streamId, { fromRevision: walked.nextRevision, maxCount: 1 });
  if (appendedSince.length > 0) return null;
  return {
    ok: false,
    streamId,
    revision: walked.nextRevision,
    position: walked.lastPosition,
    reason: 'MISSING_TAIL',
    expectedHash: walked.prevHash,
    foundHash: '',
  };
}
