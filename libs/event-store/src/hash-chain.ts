import { createHash } from 'node:crypto';
import type { EventMetadata, EventMetadataInput, JsonObject, JsonValue, RecordedEvent } from './port';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth, so that the same value always hashes the same. Built by
 * appending to one string rather than mapping and joining arrays of parts: the writer thread hashes every
 * appended event, and an audit every event it walks.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let json = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) json += ',';
      const item = value[index];
      // As `join` would: an element JSON cannot express leaves its place empty.
      if (item !== undefined) json += canonicalJson(item);
    }
    return `${json}]`;
  }
  const keys = Object.keys(value).sort();
  let json = '{';
  for (const key of keys) {
    const item = value[key];
    if (item === undefined) continue;
    if (json.length > 1) json += ',';
    json += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${json}}`;
}

export interface HashInput {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  /** The data as stored, i.e. with personal data sealed. */
  readonly data: JsonObject;
  readonly metadata: EventMetadataInput & { readonly prevHash: string };
}

/**
 * The metadata fields the hash covers, and so the only ones an adapter stores: nothing in the metadata
 * escapes the chain. Optional fields are left out when absent, so that adding one leaves the hashes of
 * events without it, and the chains already written, unchanged.
 */
export function chainedMetadataFields(metadata: EventMetadataInput): EventMetadataInput {
  return {
    commandId: metadata.commandId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    actor: { id: metadata.actor.id, role: metadata.actor.role },
    occurredAt: metadata.occurredAt,
    schemaVersion: metadata.schemaVersion,
    ...(metadata.commandFingerprint === undefined ? {} : { commandFingerprint: metadata.commandFingerprint }),
  };
}

export function eventHash(input: HashInput): string {
  const { streamId, revision, eventId, type, data, metadata } = input;
  const withoutHash: JsonObject = {
    ...(chainedMetadataFields(metadata) as unknown as JsonObject),
    prevHash: metadata.prevHash,
  };
  const canonical = canonicalJson({ streamId, revision, eventId, type, data, metadata: withoutHash });
  return createHash('sha256').update(canonical).digest('hex');
}

export function chainMetadata(
  input: Omit<HashInput, 'metadata'> & { metadata: EventMetadataInput; prevHash: string },
): EventMetadata {
  const metadata = { ...input.metadata, prevHash: input.prevHash };
  return { ...metadata, hash: eventHash({ ...input, metadata }) };
}

export type ChainVerdict =
  | { readonly ok: true; readonly streamId: string; readonly events: number }
  | {
      readonly ok: false;
      readonly streamId: string;
      /** Revision (within the stream) and global position of the first broken link. */
      readonly revision: number;
      readonly position: bigint;
      /** `MISSING_TAIL`: the store's head of the stream lies past its last readable event (events removed at the end). */
      readonly reason: 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'REVISION_GAP' | 'MISSING_TAIL';
      readonly expectedHash: string;
      readonly foundHash: string;
    };

export type BrokenLink = Extract<ChainVerdict, { ok: false }>;

/** Where a stream's chain stands after its verified events: the hash and revision the next event must continue from. */
export interface ChainHead {
  readonly prevHash: string;
  readonly nextRevision: number;
}

export const CHAIN_START: ChainHead = { prevHash: GENESIS_HASH, nextRevision: 0 };

/**
 * Checks one event against the head of its stream's chain: an event whose content no longer matches its hash
 * (modified), whose `prevHash` does not name its predecessor (removed or reordered), or whose revision skips
 * (removed or reordered). Returns the broken link, or the new head.
 */
export function checkChainLink(head: ChainHead, event: RecordedEvent): BrokenLink | ChainHead {
  const base = {
    ok: false as const,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
  };
  if (event.revision !== head.nextRevision) {
    return {
      ...base,
      reason: 'REVISION_GAP',
      expectedHash: head.prevHash,
      foundHash: event.metadata.prevHash,
    };
  }
  if (event.metadata.prevHash !== head.prevHash) {
    return {
      ...base,
      reason: 'PREV_HASH_MISMATCH',
      expectedHash: head.prevHash,
      foundHash: event.metadata.prevHash,
    };
  }
  const recomputed = eventHash(event);
  if (recomputed !== event.metadata.hash) {
    return { ...base, reason: 'HASH_MISMATCH', expectedHash: recomputed, foundHash: event.metadata.hash };
  }
  return { prevHash: event.metadata.hash, nextRevision: head.nextRevision + 1 };
}

export const isBrokenLink = (result: BrokenLink | ChainHead): result is BrokenLink => 'ok' in result;

/**
 * Walks one stream's events (as stored, before opening personal data) and reports the first broken link
 * (see `checkChainLink`).
 */
export function verifyChain(streamId: string, events: readonly RecordedEvent[]): ChainVerdict {
  let head = CHAIN_START;
  for (const event of events) {
    const result = checkChainLink(head, event);
    if (isBrokenLink(result)) return { ...result, streamId };
    head = result;
  }
  return { ok: true, streamId, events: events.length };
}
