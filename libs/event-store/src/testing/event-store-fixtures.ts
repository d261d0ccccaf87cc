import { newId } from '@app/platform';
import type { EventMetadataInput, EventToAppend, JsonObject, RecordedEvent, Subscription } from '../port';

/** A category no other test uses, so that filters isolate one test's events even on a shared server. */
export const uniqueCategory = (): string => `t${newId().replace(/-/g, '')}`;

/** A PascalCase event type no other test uses. */
export const uniqueEventType = (prefix = 'Probed'): string => `${prefix}${newId().replace(/-/g, '')}`;

export const uniqueStreamId = (category = 'client'): string => `${category}-${newId()}`;

export function testMetadata(overrides: Partial<EventMetadataInput> = {}): EventMetadataInput {
  return {
    commandId: newId(),
    correlationId: newId(),
    causationId: null,
    actor: { id: 'contract-suite', role: 'system' },
    occurredAt: '2025-01-15T10:00:00.000Z',
    schemaVersion: 1,
    ...overrides,
  };
}

export function testEvent(type = 'ThingHappened', data: JsonObject = {}, eventId?: string): EventToAppend {
  return { ...(eventId === undefined ? {} : { eventId }), type, data, metadata: testMetadata() };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Pulls exactly `count` events without ending the subscription; fails if they do not arrive in time. */
export async function takeEvents(
  subscription: Subscription,
  count: number,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> {
  const iterator = subscription[Symbol.asyncIterator]();
  const taken: RecordedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`subscription delivered ${taken.length} of ${count} events in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    while (taken.length < count) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done === true) throw new Error(`subscription ended after ${taken.length} of ${count} events`);
      taken.push(next.value);
    }
    return taken;
  } finally {
    clearTimeout(timer);
  }
}

export const eventIds = (events: readonly RecordedEvent[]): string[] => events.map((event) => event.eventId);
