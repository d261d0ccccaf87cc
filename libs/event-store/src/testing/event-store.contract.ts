import { isUuid } from '@app/platform';
import {
  EventStoreError,
  InvalidEventDataError,
  InvalidExpectedRevisionError,
  InvalidStreamIdError,
  WrongExpectedRevisionError,
} from '../errors';
import { GENESIS_HASH, verifyChain } from '../hash-chain';
import type { AppendResult, EventStore, EventToAppend, JsonObject, RecordedEvent } from '../port';
import {
  eventIds,
  sleep,
  takeEvents,
  testEvent,
  testMetadata,
  uniqueCategory,
  uniqueEventType,
  uniqueStreamId,
} from './event-store-fixtures';

export interface EventStoreUnderTest {
  readonly store: EventStore;
  dispose(): Promise<void>;
}

/** Rejection of `promise`, failing the test when it resolves instead. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

function expectStrictlyIncreasing(positions: readonly bigint[]): void {
  positions.slice(1).forEach((position, index) => {
    expect(position > (positions[index] as bigint)).toBe(true);
  });
}

/**
 * The one behavioural contract of the EventStore port, run against every adapter. Generic on purpose:
 * positions are only required to increase strictly (EventStoreDB leaves gaps), and every test uses its own
 * streams, categories and event types so that the suite can run against a shared server.
 */
export function describeEventStoreContract(
  adapterName: string,
  factory: () => Promise<EventStoreUnderTest>,
): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let underTest: EventStoreUnderTest;
    let store: EventStore;

    beforeAll(async () => {
      underTest = await factory();
      store = underTest.store;
    });

    afterAll(async () => {
      await underTest.dispose();
    });

    async function appendOneByOne(
      streamId: string,
      events: readonly EventToAppend[],
    ): Promise<AppendResult[]> {
      const results: AppendResult[] = [];
      for (const event of events) results.push(await store.append(streamId, 'any', [event]));
      return results;
    }

    describe('append with an expected revision', () => {
      it('no_stream creates a stream and rejects once it exists, naming stream, expected and actual revision', async () => {
        const streamId = uniqueStreamId();
        const created = await store.append(streamId, 'no_stream', [testEvent('ClientRegistered', { n: 1 })]);
        expect(created.nextExpectedRevision).toBe(0);
        expect(created.events[0]?.revision).toBe(0);

        const error = await rejectionOf(store.append(streamId, 'no_stream', [testEvent('ClientRegistered')]));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toBeInstanceOf(EventStoreError);
        expect(error).toMatchObject({
          code: 'EVENT_STORE.WRONG_EXPECTED_REVISION',
          streamId,
          expected: 'no_stream',
          actual: 0,
        });
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('stream_exists rejects an absent stream with actual null and accepts an existing one', async () => {
        const streamId = uniqueStreamId();
        const error = await rejectionOf(store.append(streamId, 'stream_exists', [testEvent()]));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId, expected: 'stream_exists', actual: null });
        expect(await store.streamRevision(streamId)).toBeNull();

        await store.append(streamId, 'no_stream', [testEvent()]);
        const result = await store.append(streamId, 'stream_exists', [testEvent(), testEvent()]);
        expect(result.nextExpectedRevision).toBe(2);
      });

      it('any appends whether or not the stream exists', async () => {
        const streamId = uniqueStreamId();
        expect((await store.append(streamId, 'any', [testEvent()])).nextExpectedRevision).toBe(0);
        expect((await store.append(streamId, 'any', [testEvent()])).nextExpectedRevision).toBe(1);
        expect(await store.streamRevision(streamId)).toBe(1);
      });

      it('an exact revision must equal the revision of the last event', async () => {
        const streamId = uniqueStreamId();
        const onAbsent = await rejectionOf(store.append(streamId, 0, [testEvent()]));
        expect(onAbsent).toMatchObject({ streamId, expected: 0, actual: null });

        await store.append(streamId, 'no_stream', [testEvent(), testEvent()]);
        const stale = await rejectionOf(store.append(streamId, 0, [testEvent()]));
        expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
        expect(stale).toMatchObject({ streamId, expected: 0, actual: 1 });
        const ahead = await rejectionOf(store.append(streamId, 5, [testEvent()]));
        expect(ahead).toMatchObject({ streamId, expected: 5, actual: 1 });

        const result = await store.append(streamId, 1, [testEvent()]);
        expect(result.nextExpectedRevision).toBe(2);
        expect(await store.streamRevision(streamId)).toBe(2);
      });

      it('writes several events at consecutive revisions and reports the last position', async () => {
        const streamId = uniqueStreamId();
        const result = await store.append(streamId, 'no_stream', [
          testEvent('ClientRegistered', { step: 1 }),
          testEvent('ConsentGiven', { step: 2 }),
          testEvent('ConsentWithdrawn', { step: 3 }),
        ]);
        expect(result.events.map((event) => event.revision)).toEqual([0, 1, 2]);
        expect(result.events.map((event) => event.type)).toEqual([
          'ClientRegistered',
          'ConsentGiven',
          'ConsentWithdrawn',
        ]);
        expect(typeof result.position).toBe('bigint');
        expect(result.position).toBe(result.events[2]?.position);
        expectStrictlyIncreasing(result.events.map((event) => event.position));
        expect(await store.readStream(streamId)).toEqual(result.events);
      });

      it('an empty append returns the current head, writes nothing and still checks the expected revision', async () => {
        const streamId = uniqueStreamId();
        const written = await store.append(streamId, 'no_stream', [testEvent(), testEvent()]);
        const empty = await store.append(streamId, 1, []);
        expect(empty.nextExpectedRevision).toBe(1);
        expect(empty.position).toBe(written.position);
        expect(empty.events).toEqual([]);
        expect(await rejectionOf(store.append(streamId, 0, []))).toMatchObject({
          streamId,
          expected: 0,
          actual: 1,
        });
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it('keeps a supplied event id, generates UUIDs otherwise, and stores data and metadata as given', async () => {
        const streamId = uniqueStreamId();
        const suppliedId = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
        const data: JsonObject = {
          text: 'Příliš žluťoučký kůň',
          nested: { list: [1, 2.5, true, null, 'x'] },
        };
        const metadata = testMetadata({ causationId: 'cause-1', schemaVersion: 2 });
        const result = await store.append(streamId, 'no_stream', [
          { eventId: suppliedId, type: 'NoteAdded', data, metadata },
          { type: 'NoteAdded', data: {}, metadata },
          { type: 'NoteAdded', data: {}, metadata },
        ]);
        const [first, second, third] = await store.readStream(streamId);
        expect(first?.eventId).toBe(suppliedId);
        expect(isUuid(second?.eventId ?? '')).toBe(true);
        expect(second?.eventId).not.toBe(third?.eventId);
        expect(first?.data).toEqual(data);
        expect(first?.metadata).toMatchObject(metadata);
        expect(first?.streamId).toBe(streamId);
        expect(Number.isNaN(Date.parse(first?.recordedAt ?? ''))).toBe(false);
        expect(result.events.map((event) => event.eventId)).toEqual(
          eventIds([first, second, third] as RecordedEvent[]),
        );
      });
    });

    describe('ordering', () => {
      it('reads a stream in revision order, from a revision and up to a count', async () => {
        const streamId = uniqueStreamId();
        await appendOneByOne(
          streamId,
          [0, 1, 2, 3, 4].map((step) => testEvent('StepTaken', { step })),
        );
        await store.append(streamId, 4, [
          testEvent('StepTaken', { step: 5 }),
          testEvent('StepTaken', { step: 6 }),
        ]);
        const all = await store.readStream(streamId);
        expect(all.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6]);
        expect(all.map((event) => event.data.step)).toEqual([0, 1, 2, 3, 4, 5, 6]);
        const window = await store.readStream(streamId, { fromRevision: 2, maxCount: 3 });
        expect(window.map((event) => event.revision)).toEqual([2, 3, 4]);
        // How a command catches up from a state it holds: nothing new is an empty read, not an error.
        expect(await store.readStream(streamId, { fromRevision: 7 })).toEqual([]);
        expect(await store.readStream(uniqueStreamId())).toEqual([]);
        expect(await store.streamRevision(uniqueStreamId())).toBeNull();
      });

      it('gives all events one strictly increasing global order matching acknowledgement order', async () => {
        const category = uniqueCategory();
        const streams = [uniqueStreamId(category), uniqueStreamId(category), uniqueStreamId(category)];
        const acknowledged: RecordedEvent[] = [];
        for (let round = 0; round < 4; round += 1) {
          for (const streamId of streams) {
            acknowledged.push(
              ...(await store.append(streamId, 'any', [testEvent('StepTaken', { round })])).events,
            );
          }
        }
        expectStrictlyIncreasing(acknowledged.map((event) => event.position));
        const read = await store.readAll({ filter: { streamCategories: [category] } });
        expect(eventIds(read)).toEqual(eventIds(acknowledged));
        expect(read.map((event) => event.position)).toEqual(acknowledged.map((event) => event.position));
        const head = await store.headPosition();
        expect(head >= (acknowledged[acknowledged.length - 1]?.position ?? 0n)).toBe(true);
      });

      it('never lets a reader see a hole that is filled later', async () => {
        const category = uniqueCategory();
        const filter = { streamCategories: [category] };
        let writing = true;
        const seen: RecordedEvent[] = [];
        let checkpoint = (await store.headPosition()) > 0n ? await store.headPosition() : undefined;
        const startedAfter = checkpoint;
        const reader = (async () => {
          while (writing) {
            const page = await store.readAll({ after: checkpoint, filter, maxCount: 50 });
            seen.push(...page);
            checkpoint = page[page.length - 1]?.position ?? checkpoint;
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        const writers = Array.from({ length: 10 }, async (_, writer) => {
          const streamId = uniqueStreamId(category);
          for (let step = 0; step < 5; step += 1) {
            await store.append(streamId, step === 0 ? 'no_stream' : step - 1, [
              testEvent('StepTaken', { writer, step }),
            ]);
          }
        });
        await Promise.all(writers);
        writing = false;
        await reader;
        for (let page = await store.readAll({ after: checkpoint, filter }); page.length > 0;) {
          seen.push(...page);
          checkpoint = page[page.length - 1]?.position ?? checkpoint;
          page = await store.readAll({ after: checkpoint, filter });
        }
        const final = await store.readAll({ after: startedAfter, filter });
        expect(final).toHaveLength(50);
        expect(eventIds(seen)).toEqual(eventIds(final));
      });
    });

    describe('concurrent writers', () => {
      it('of 20 writers racing with the same exact revision, exactly one wins', async () => {
        const streamId = uniqueStreamId();
        await store.append(streamId, 'no_stream', [testEvent()]);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, (_, writer) =>
            store.append(streamId, 0, [testEvent('StepTaken', { writer })]),
          ),
        );
        const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const losers = outcomes.filter(
          (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
        );
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(19);
        losers.forEach((loser) => {
          expect(loser.reason).toBeInstanceOf(WrongExpectedRevisionError);
          expect(loser.reason).toMatchObject({ streamId, expected: 0, actual: 1 });
        });
        expect(await store.streamRevision(streamId)).toBe(1);
      });

      it('20 writers retrying with exact revisions each win exactly one revision; nothing lost or duplicated', async () => {
        const streamId = uniqueStreamId();
        const winnerOfRevision = new Map<number, number>();
        let conflicts = 0;
        const write = async (writer: number): Promise<void> => {
          for (;;) {
            const current = await store.streamRevision(streamId);
            try {
              const result = await store.append(streamId, current ?? 'no_stream', [
                testEvent('StepTaken', { writer }),
              ]);
              const revision = result.events[0]?.revision ?? -1;
              expect(winnerOfRevision.has(revision)).toBe(false);
              winnerOfRevision.set(revision, writer);
              return;
            } catch (error) {
              if (!(error instanceof WrongExpectedRevisionError)) throw error;
              conflicts += 1;
            }
          }
        };
        await Promise.all(Array.from({ length: 20 }, (_, writer) => write(writer)));

        const events = await store.readStream(streamId);
        expect(events.map((event) => event.revision)).toEqual(
          Array.from({ length: 20 }, (_, index) => index),
        );
        expect(events.map((event) => event.data.writer).sort((a, b) => Number(a) - Number(b))).toEqual(
          Array.from({ length: 20 }, (_, writer) => writer),
        );
        events.forEach((event) => expect(winnerOfRevision.get(event.revision)).toBe(event.data.writer));
        expect(conflicts).toBeGreaterThan(0);
        expect(verifyChain(streamId, events).ok).toBe(true);
      });
    });

    describe('as-of reads', () => {
      it('reads a stream as it stood at a global position', async () => {
        const streamId = uniqueStreamId();
        const [first, second] = await appendOneByOne(streamId, [testEvent(), testEvent(), testEvent()]);
        const asOfSecond = await store.readStream(streamId, { toPosition: second?.position });
        expect(eventIds(asOfSecond)).toEqual(eventIds([...(first?.events ?? []), ...(second?.events ?? [])]));
        expect(await store.readStream(streamId, { toPosition: (first?.position ?? 1n) - 1n })).toEqual([]);
        expect(
          await store.readStream(streamId, { toPosition: second?.position, fromRevision: 1 }),
        ).toHaveLength(1);
      });

      it('reads a stream as it stood at a recorded time', async () => {
        const streamId = uniqueStreamId();
        const first = await store.append(streamId, 'no_stream', [testEvent()]);
        await sleep(25);
        const second = await store.append(streamId, 0, [testEvent()]);
        const firstAt = first.events[0]?.recordedAt ?? '';
        const secondAt = second.events[0]?.recordedAt ?? '';
        expect(Date.parse(secondAt)).toBeGreaterThan(Date.parse(firstAt));

        expect(eventIds(await store.readStream(streamId, { recordedAtOrBefore: firstAt }))).toEqual(
          eventIds(first.events),
        );
        expect(await store.readStream(streamId, { recordedAtOrBefore: secondAt })).toHaveLength(2);
        const justBefore = new Date(Date.parse(firstAt) - 1).toISOString();
        expect(await store.readStream(streamId, { recordedAtOrBefore: justBefore })).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('pages through events after an exclusive position, each exactly once and in order', async () => {
        const category = uniqueCategory();
        const streams = [uniqueStreamId(category), uniqueStreamId(category), uniqueStreamId(category)];
        const written: RecordedEvent[] = [];
        for (let index = 0; index < 7; index += 1) {
          const streamId = streams[index % streams.length] as string;
          written.push(...(await store.append(streamId, 'any', [testEvent('StepTaken', { index })])).events);
        }
        const filter = { streamCategories: [category] };
        const pages: RecordedEvent[][] = [];
        let after: bigint | undefined;
        for (;;) {
          const page = await store.readAll({ after, maxCount: 3, filter });
          if (page.length === 0) break;
          pages.push(page);
          after = page[page.length - 1]?.position;
        }
        expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
        expect(eventIds(pages.flat())).toEqual(eventIds(written));

        const afterThird = await store.readAll({ after: written[2]?.position, filter });
        expect(eventIds(afterThird)).toEqual(eventIds(written.slice(3)));
      });

      it('filters by event types, by stream categories, and by both together', async () => {
        const [categoryA, categoryB] = [uniqueCategory(), uniqueCategory()];
        const [typeX, typeY] = [uniqueEventType(), uniqueEventType()];
        const streamA = uniqueStreamId(categoryA);
        const streamB = uniqueStreamId(categoryB);
        await store.append(streamA, 'no_stream', [testEvent(typeX), testEvent(typeY), testEvent(typeX)]);
        await store.append(streamB, 'no_stream', [testEvent(typeY), testEvent(typeX)]);

        const byType = await store.readAll({ filter: { eventTypes: [typeX] } });
        expect(byType.map((event) => [event.streamId, event.type])).toEqual([
          [streamA, typeX],
          [streamA, typeX],
          [streamB, typeX],
        ]);
        const byCategory = await store.readAll({ filter: { streamCategories: [categoryB] } });
        expect(byCategory.map((event) => event.type)).toEqual([typeY, typeX]);
        const byBoth = await store.readAll({
          filter: { eventTypes: [typeY], streamCategories: [categoryA] },
        });
        expect(byBoth.map((event) => [event.streamId, event.revision])).toEqual([[streamA, 1]]);
        const twoCategories = await store.readAll({ filter: { streamCategories: [categoryA, categoryB] } });
        expect(twoCategories).toHaveLength(5);
        expectStrictlyIncreasing(twoCategories.map((event) => event.position));
      });

      it('with firstEventsOnly returns the first event of each stream once, in the order the streams began', async () => {
        const category = uniqueCategory();
        const [first, second, third] = [
          uniqueStreamId(category),
          uniqueStreamId(category),
          uniqueStreamId(category),
        ];
        await store.append(first, 'no_stream', [testEvent('Opened'), testEvent('Noted')]);
        await store.append(second, 'no_stream', [testEvent('Opened')]);
        await store.append(first, 1, [testEvent('Noted')]);
        await store.append(third, 'no_stream', [testEvent('Noted'), testEvent('Opened')]);
        await store.append(second, 0, [testEvent('Noted')]);
        await store.append(uniqueStreamId(), 'no_stream', [testEvent('Opened')]);

        const firsts = await store.readAll({
          filter: { streamCategories: [category], firstEventsOnly: true },
        });
        expect(firsts.map((event) => [event.streamId, event.revision, event.type])).toEqual([
          [first, 0, 'Opened'],
          [second, 0, 'Opened'],
          [third, 0, 'Noted'],
        ]);
        const firstOpenings = await store.readAll({
          filter: { streamCategories: [category], eventTypes: ['Opened'], firstEventsOnly: true },
        });
        expect(firstOpenings.map((event) => event.streamId)).toEqual([first, second]);
        const paged = await store.readAll({
          after: firsts[0]?.position,
          maxCount: 1,
          filter: { streamCategories: [category], firstEventsOnly: true },
        });
        expect(paged.map((event) => event.streamId)).toEqual([second]);
      });

      it('headPosition grows with every append', async () => {
        const before = await store.headPosition();
        const result = await store.append(uniqueStreamId(), 'no_stream', [testEvent()]);
        const after = await store.headPosition();
        expect(result.position > before).toBe(true);
        expect(after >= result.position).toBe(true);
      });
    });

    describe('subscribeToAll', () => {
      async function appendToCategory(category: string, count: number, streamId = uniqueStreamId(category)) {
        return (
          await store.append(
            streamId,
            'any',
            Array.from({ length: count }, (_, index) => testEvent('StepTaken', { index })),
          )
        ).events;
      }

      /** A live event after the expected ones must be the very next delivered, proving nothing was repeated. */
      async function expectNextIs(subscription: ReturnType<EventStore['subscribeToAll']>, category: string) {
        const marker = await appendToCategory(category, 1);
        expect(eventIds(await takeEvents(subscription, 1))).toEqual(eventIds(marker));
      }

      it('from the start delivers every past event once, in order, then live ones', async () => {
        const category = uniqueCategory();
        const past = await appendToCategory(category, 3);
        const subscription = store.subscribeToAll({ filter: { streamCategories: [category] } });
        try {
          expect(eventIds(await takeEvents(subscription, 3))).toEqual(eventIds(past));
          const live = [...(await appendToCategory(category, 2)), ...(await appendToCategory(category, 1))];
          expect(eventIds(await takeEvents(subscription, 3))).toEqual(eventIds(live));
          await expectNextIs(subscription, category);
        } finally {
          await subscription.close();
        }
      });

      it('from a position midway delivers only the events after it, then live ones', async () => {
        const category = uniqueCategory();
        const past = await appendToCategory(category, 5);
        const subscription = store.subscribeToAll({
          after: past[1]?.position,
          filter: { streamCategories: [category] },
        });
        try {
          expect(eventIds(await takeEvents(subscription, 3))).toEqual(eventIds(past.slice(2)));
          const live = await appendToCategory(category, 2);
          expect(eventIds(await takeEvents(subscription, 2))).toEqual(eventIds(live));
          await expectNextIs(subscription, category);
        } finally {
          await subscription.close();
        }
      });

      it('restarted from a checkpoint continues exactly where the previous one stopped', async () => {
        const category = uniqueCategory();
        const filter = { streamCategories: [category] };
        const past = await appendToCategory(category, 4);
        const first = store.subscribeToAll({ filter });
        const firstPart = await takeEvents(first, 2);
        await first.close();
        const duringRestart = await appendToCategory(category, 2);

        const checkpoint = firstPart[firstPart.length - 1]?.position;
        const second = store.subscribeToAll({ after: checkpoint, filter });
        try {
          const rest = await takeEvents(second, 4);
          expect(eventIds([...firstPart, ...rest])).toEqual(eventIds([...past, ...duringRestart]));
          const live = await appendToCategory(category, 1);
          expect(eventIds(await takeEvents(second, 1))).toEqual(eventIds(live));
          await expectNextIs(second, category);
        } finally {
          await second.close();
        }
      });

      it('filters live events by type and interleaves streams in global order', async () => {
        const category = uniqueCategory();
        const wanted = uniqueEventType();
        const subscription = store.subscribeToAll({
          after: await store.headPosition(),
          filter: { eventTypes: [wanted] },
        });
        try {
          const streamA = uniqueStreamId(category);
          const streamB = uniqueStreamId(category);
          const a = await store.append(streamA, 'no_stream', [testEvent(wanted), testEvent('StepTaken')]);
          const b = await store.append(streamB, 'no_stream', [testEvent('StepTaken'), testEvent(wanted)]);
          const c = await store.append(streamA, 1, [testEvent(wanted)]);
          const delivered = await takeEvents(subscription, 3);
          expect(eventIds(delivered)).toEqual(
            [a.events[0], b.events[1], c.events[0]].map((event) => event?.eventId),
          );
          expectStrictlyIncreasing(delivered.map((event) => event.position));
        } finally {
          await subscription.close();
        }
      });

      it('close() promptly ends an iteration that is waiting for events', async () => {
        const category = uniqueCategory();
        const subscription = store.subscribeToAll({
          after: await store.headPosition(),
          filter: { streamCategories: [category] },
        });
        const received: RecordedEvent[] = [];
        const consuming = (async () => {
          for await (const event of subscription) received.push(event);
        })();
        await appendToCategory(category, 1);
        await takeUntil(() => received.length === 1);
        const closedAt = Date.now();
        await subscription.close();
        await consuming;
        expect(Date.now() - closedAt).toBeLessThan(1000);
        expect(received).toHaveLength(1);
      });
    });

    describe('hash chain', () => {
      it('chains every appended event to its predecessor from the genesis hash', async () => {
        const streamId = uniqueStreamId();
        await store.append(streamId, 'no_stream', [
          testEvent('ClientRegistered', { a: 1 }),
          testEvent('NoteAdded', { b: [1, 2] }),
        ]);
        await store.append(streamId, 1, [testEvent('NoteAdded', { c: { d: 'e' } })]);
        const events = await store.readStream(streamId);
        expect(verifyChain(streamId, events)).toEqual({ ok: true, streamId, events: 3 });
        expect(events[0]?.metadata.prevHash).toBe(GENESIS_HASH);
        events
          .slice(1)
          .forEach((event, index) => expect(event.metadata.prevHash).toBe(events[index]?.metadata.hash));
        events.forEach((event) => expect(event.metadata.hash).toMatch(/^[0-9a-f]{64}$/));
      });
    });

    describe('optional metadata (commandFingerprint)', () => {
      it('keeps it when present, leaves it out when absent, and chains it like the rest', async () => {
        const streamId = uniqueStreamId();
        await store.append(streamId, 'no_stream', [
          testEvent('NoteAdded'),
          {
            ...testEvent('NoteAdded'),
            metadata: testMetadata({ commandFingerprint: 'q2VnZXR0ZWQtaW5wdXQ' }),
          },
        ]);
        const events = await store.readStream(streamId);
        const [without, withIt] = events;
        expect(without?.metadata).not.toHaveProperty('commandFingerprint');
        expect(withIt?.metadata.commandFingerprint).toBe('q2VnZXR0ZWQtaW5wdXQ');
        expect(verifyChain(streamId, events)).toEqual({ ok: true, streamId, events: 2 });

        const tampered = (event: RecordedEvent, commandFingerprint: string | undefined): RecordedEvent => ({
          ...event,
          metadata: { ...event.metadata, commandFingerprint },
        });
        expect(verifyChain(streamId, [without!, tampered(withIt!, 'another-request')])).toMatchObject({
          ok: false,
          revision: 1,
          reason: 'HASH_MISMATCH',
        });
        expect(verifyChain(streamId, [without!, tampered(withIt!, undefined)])).toMatchObject({
          ok: false,
          reason: 'HASH_MISMATCH',
        });
        expect(verifyChain(streamId, [tampered(without!, 'added-later'), withIt!])).toMatchObject({
          ok: false,
          revision: 0,
          reason: 'HASH_MISMATCH',
        });
      });

      it('rejects a fingerprint that is not a string', async () => {
        const streamId = uniqueStreamId();
        const event = {
          ...testEvent(),
          metadata: { ...testMetadata(), commandFingerprint: 42 },
        } as unknown as EventToAppend;
        expect(await rejectionOf(store.append(streamId, 'any', [event]))).toBeInstanceOf(
          InvalidEventDataError,
        );
        expect(await store.streamRevision(streamId)).toBeNull();
      });
    });

    describe('rejects bad input with typed errors and appends nothing', () => {
      it.each([
        ['empty', ''],
        ['no category separator', 'client'],
        ['empty category', '-0193a1b2'],
        ['upper-case category', 'Client-0193a1b2'],
        ['empty id part', 'client-'],
        ['whitespace', 'client-01 93'],
        ['too long', `client-${'a'.repeat(300)}`],
        ['not a string', 42],
      ])('stream id: %s', async (_, streamId) => {
        const error = await rejectionOf(store.append(streamId as string, 'any', [testEvent()]));
        expect(error).toBeInstanceOf(InvalidStreamIdError);
        expect(error).toMatchObject({ code: 'EVENT_STORE.INVALID_STREAM_ID' });
      });

      it.each([
        ['a misspelt mode', 'no-stream'],
        ['an upper-case mode', 'ANY'],
        ['a negative number', -1],
        ['a fraction', 1.5],
        ['NaN', Number.NaN],
        ['a numeric string', '0'],
        ['null', null],
        ['undefined', undefined],
        ['an object', {}],
      ])('expected revision: %s', async (_, expected) => {
        const streamId = uniqueStreamId();
        const error = await rejectionOf(store.append(streamId, expected as never, [testEvent()]));
        expect(error).toBeInstanceOf(InvalidExpectedRevisionError);
        expect(error).toMatchObject({ code: 'EVENT_STORE.INVALID_EXPECTED_REVISION' });
        expect(await store.streamRevision(streamId)).toBeNull();
      });

      const cyclic: Record<string, unknown> = { name: 'loop' };
      cyclic.self = cyclic;
      it.each([
        ['a Date', { when: new Date('2025-01-01T00:00:00Z') }],
        ['undefined', { missing: undefined }],
        ['a function', { callback: () => 1 }],
        ['a BigInt', { amount: 10n }],
        ['a cycle', cyclic],
        ['NaN', { ratio: Number.NaN }],
        ['Infinity', { ratio: Number.POSITIVE_INFINITY }],
        ['a nested Date', { items: [{ ok: 1 }, { when: new Date() }] }],
        ['a Map', { index: new Map([['a', 1]]) }],
        ['an array as data', [1, 2]],
        ['null as data', null],
      ])('data containing %s', async (_, data) => {
        const streamId = uniqueStreamId();
        const events = [
          testEvent('NoteAdded', { fine: true }),
          { ...testEvent('NoteAdded'), data: data as JsonObject },
        ];
        const error = await rejectionOf(store.append(streamId, 'any', events));
        expect(error).toBeInstanceOf(InvalidEventDataError);
        expect(error).toMatchObject({ code: 'EVENT_STORE.INVALID_EVENT_DATA' });
        expect(await store.streamRevision(streamId)).toBeNull();
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it('names the offending path but never the value, which may be personal data', async () => {
        const streamId = uniqueStreamId();
        const error = await rejectionOf(
          store.append(streamId, 'any', [
            testEvent('NoteAdded', {
              fullName: 'Jana Nováková',
              born: new Date(1990, 1, 2),
            } as unknown as JsonObject),
          ]),
        );
        expect(error).toMatchObject({ path: 'events[0].data.born' });
        expect(String((error as Error).message)).not.toContain('Nováková');
        expect(String((error as Error).message)).not.toContain('1990');
      });

      it('rejects an event type that is not PascalCase and metadata without the chained fields', async () => {
        const streamId = uniqueStreamId();
        expect(
          await rejectionOf(store.append(streamId, 'any', [testEvent('client registered')])),
        ).toBeInstanceOf(InvalidEventDataError);
        const withoutActor = {
          ...testEvent(),
          metadata: { ...testMetadata(), actor: undefined },
        } as unknown as EventToAppend;
        expect(await rejectionOf(store.append(streamId, 'any', [withoutActor]))).toBeInstanceOf(
          InvalidEventDataError,
        );
        expect(await store.streamRevision(streamId)).toBeNull();
      });

      it('rejects a supplied event id that is not a UUID in lower case, naming it, and appends nothing', async () => {
        const streamId = uniqueStreamId();
        for (const eventId of [
          '',
          'event-1',
          '0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B',
          '0193a1b2c3d47e5f8a9b0c1d2e3f4a5b',
        ]) {
          const error = await rejectionOf(store.append(streamId, 'any', [{ ...testEvent(), eventId }]));
          expect(error).toBeInstanceOf(InvalidEventDataError);
          expect(error).toMatchObject({ path: 'events[0].eventId' });
        }
        expect(await store.streamRevision(streamId)).toBeNull();
      });
    });
  });
}

async function takeUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}
