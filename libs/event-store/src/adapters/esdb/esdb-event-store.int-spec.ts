import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EventStoreClosedError } from '../../errors';
import { verifyChain } from '../../hash-chain';
import { describeEventStoreContract, testEvent, uniqueCategory, uniqueStreamId } from '../../testing';
import { EsdbUnreadableEventError, openEsdbEventStore } from '.';

/**
 * Runs against a real EventStoreDB only, e.g.
 * `EVENTSTORE_URL=esdb://localhost:2113?tls=false npx jest libs/event-store`. Every test uses streams,
 * categories and event types of its own, so a server with other data on it does no harm.
 */
const eventStoreUrl = process.env.EVENTSTORE_URL;

if (eventStoreUrl === undefined || eventStoreUrl.trim() === '') {
  // Written past Jest's console: its reporter drops the console of a file whose tests are all skipped.
  process.stdout.write('EventStoreDB contract suite skipped: EVENTSTORE_URL is not set\n');
  describe.skip('EventStore contract: EventStoreDB', () => {
    it('needs EVENTSTORE_URL', () => undefined);
  });
} else {
  const connectionString = eventStoreUrl.trim();

  describeEventStoreContract('EventStoreDB', async () => {
    const store = openEsdbEventStore({ connectionString });
    return { store, dispose: () => store.close() };
  });

  describe('EsdbEventStore (EventStoreDB only)', () => {
    const store = openEsdbEventStore({ connectionString });
    const rawClient = EventStoreDBClient.connectionString(connectionString);

    afterAll(async () => {
      await store.close();
      await rawClient.dispose();
    });

    it('stores the hash chain in the ESDB metadata and ESDB created time as recordedAt', async () => {
      const streamId = uniqueStreamId(uniqueCategory());
      const result = await store.append(streamId, 'no_stream', [
        testEvent('NoteAdded', { n: 1 }),
        testEvent(),
      ]);
      const raw: { metadata: unknown; created: Date }[] = [];
      for await (const resolved of rawClient.readStream(streamId)) {
        if (resolved.event !== undefined)
          raw.push({ metadata: resolved.event.metadata, created: resolved.event.created });
      }
      expect(raw.map((event) => event.metadata)).toEqual(result.events.map((event) => event.metadata));
      expect(raw.map((event) => event.created.toISOString())).toEqual(
        result.events.map((event) => event.recordedAt),
      );
      expect(verifyChain(streamId, await store.readStream(streamId)).ok).toBe(true);
    });

    it('refuses to read an event written without the hash chain instead of passing over it', async () => {
      const streamId = uniqueStreamId(uniqueCategory());
      await rawClient.appendToStream(streamId, jsonEvent({ type: 'ForeignThing', data: { a: 1 } }));
      await expect(store.readStream(streamId)).rejects.toBeInstanceOf(EsdbUnreadableEventError);
      await expect(store.append(streamId, 'any', [testEvent()])).rejects.toMatchObject({
        code: 'EVENT_STORE.UNREADABLE_EVENT',
        streamId,
        revision: 0,
      });
    });

    it('rejects calls after close()', async () => {
      const closing = openEsdbEventStore({ connectionString });
      await closing.close();
      await expect(closing.readStream(uniqueStreamId())).rejects.toBeInstanceOf(EventStoreClosedError);
      expect(() => closing.subscribeToAll()).toThrow(EventStoreClosedError);
    });
  });
}
