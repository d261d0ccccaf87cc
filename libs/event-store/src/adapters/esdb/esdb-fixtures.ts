import { chainMetadata, GENESIS_HASH } from '../../hash-chain';
import type { JsonObject } from '../../port';
import { testMetadata } from '../../testing';
import { storedMetadata, type EsdbResolvedEvent, type EsdbStoredEvent } from './esdb-mapping';

/** An event shaped as the client returns it after this adapter wrote it: JSON data, chained metadata. */
type StoredEventOverrides = Omit<Partial<EsdbStoredEvent>, 'position'> & { readonly position?: bigint };

export function esdbStoredEvent(overrides: StoredEventOverrides = {}): EsdbStoredEvent {
  const streamId = overrides.streamId ?? 'client-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
  const revision = overrides.revision ?? 0n;
  const id = overrides.id ?? '0193a1b2-0000-7e5f-8a9b-0c1d2e3f4a5b';
  const type = overrides.type ?? 'ClientRegistered';
  const data = (overrides.data as JsonObject | undefined) ?? { region: 'PRAGUE' };
  const metadata = chainMetadata({
    streamId,
    revision: Number(revision),
    eventId: id,
    type,
    data,
    metadata: testMetadata(),
    prevHash: GENESIS_HASH,
  });
  const position = overrides.position ?? 1000n;
  return {
    streamId,
    id,
    revision,
    type,
    created: overrides.created ?? new Date('2025-03-01T12:00:00.123Z'),
    isJson: overrides.isJson ?? true,
    data,
    metadata: overrides.metadata ?? storedMetadata(metadata),
    position: { commit: position, prepare: position },
  };
}

export const resolvedAt = (position: bigint, overrides: StoredEventOverrides = {}): EsdbResolvedEvent => ({
  event: esdbStoredEvent({
    ...overrides,
    position,
    id: overrides.id ?? `0193a1b2-0000-7e5f-8a9b-${position.toString().padStart(12, '0')}`,
  }),
  commitPosition: position,
});
