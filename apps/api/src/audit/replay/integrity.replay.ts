import { verifyStoreIntegrity, type ChainVerdict, type EventStore } from '@app/event-store';

export interface IntegritySummary {
  readonly ok: boolean;
  readonly streams: number;
  readonly broken: number;
  readonly results: readonly ChainVerdict[];
}

/** Walks the hash chains of the raw adapter (one stream, or all) and counts the broken ones. */
export async function verifyIntegrity(raw: EventStore, streamId?: string): Promise<IntegritySummary> {
  const results = await verifyStoreIntegrity(raw, streamId === undefined ? {} : { streamId });
  const broken = results.filter((result) => !result.ok).length;
  return { ok: broken === 0, streams: results.length, broken, results };
}
