import type { EventStore, EventToAppend, JsonObject, RecordedEvent } from '@app/event-store';
import { createHash } from 'node:crypto';
import type { DocumentStore } from '../document-store.port';
import { defineProjection, type Projection } from '../projection';

export interface TallyDocument extends JsonObject {
  stream: string;
  count: number;
  total: number;
  labels: string[];
  lastEventId: string;
}

/**
 * A small projection that depends on event order (totals, label order) and deletes documents, so that a lost,
 * doubled or reordered event changes the result.
 */
export const tallyProjection = (
  version = 1,
  overrides: Partial<Projection<TallyDocument>> = {},
): Projection<TallyDocument> =>
  defineProjection<TallyDocument>({
    name: 'tallies',
    version,
    handles: ['Counted', 'Labelled', 'Reset'],
    fields: [
      { name: 'stream', type: 'string', text: true },
      { name: 'count', type: 'number' },
      { name: 'labels', type: 'string[]' },
    ],
    documentId: (event) => event.streamId,
    evolve: (document, event) => {
      const current: TallyDocument = document ?? {
        stream: event.streamId,
        count: 0,
        total: 0,
        labels: [],
        lastEventId: '',
      };
      switch (event.type) {
        case 'Counted':
          return {
            ...current,
            count: current.count + 1,
            total: current.total * 3 + Number(event.data.amount) * version,
            lastEventId: event.eventId,
          };
        case 'Labelled':
          return {
            ...current,
            labels: [
              ...current.labels,
              typeof event.data.label === 'string' ? event.data.label : JSON.stringify(event.data.label),
            ].slice(-3),
            lastEventId: event.eventId,
          };
        case 'Reset':
          return null;
        default:
          return current;
      }
    },
    ...overrides,
  });

const metadata = {
  commandId: '00000000-0000-7000-8000-000000000000',
  correlationId: '00000000-0000-7000-8000-000000000000',
  causationId: null,
  actor: { id: 'test', role: 'system' },
  occurredAt: '2025-01-15T10:00:00.000Z',
  schemaVersion: 1,
};

export const tallyEvent = (type: string, data: JsonObject = {}): EventToAppend => ({ type, data, metadata });

/** Deterministic pseudo-random events over `streams` streams, appended in chunks; returns the head position. */
export async function appendGeneratedEvents(
  eventStore: EventStore,
  count: number,
  streams: number,
  seed = 1,
  maxChunk = 40,
): Promise<bigint> {
  let state = seed >>> 0;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  let head = 0n;
  for (let appended = 0; appended < count;) {
    const chunk = Math.min(count - appended, 1 + Math.floor(random() * maxChunk));
    const stream = `tally-s${Math.floor(random() * streams)}`;
    const events = Array.from({ length: chunk }, () => {
      const dice = random();
      if (dice < 0.02) return tallyEvent('Reset');
      if (dice < 0.2) return tallyEvent('Labelled', { label: `l${Math.floor(random() * 7)}` });
      if (dice < 0.3) return tallyEvent('Ignored', { n: 1 });
      return tallyEvent('Counted', { amount: Math.floor(random() * 100) });
    });
    head = (await eventStore.append(stream, 'any', events)).position;
    appended += chunk;
  }
  return head;
}

/** SHA-256 over every live document of a collection sorted by id: equal hashes mean equal read models. */
export async function hashCollection(
  documentStore: DocumentStore,
  collection: string,
): Promise<{ hash: string; count: number }> {
  const hash = createHash('sha256');
  let count = 0;
  let after: string | null = null;
  for (;;) {
    const page: Awaited<ReturnType<DocumentStore['find']>> = await documentStore.find(collection, {
      first: 1000,
      after,
    });
    for (const item of page.items) {
      hash.update(JSON.stringify([item.id, item.position.toString(), item.data]));
      count++;
    }
    if (!page.hasNextPage) return { hash: hash.digest('hex'), count };
    after = page.endCursor;
  }
}

export const positionsOf = (events: readonly RecordedEvent[]): bigint[] =>
  events.map((event) => event.position);
