import { PassThrough } from 'node:stream';
import type { RecordedEvent } from '../../port';
import { takeEvents } from '../../testing';
import { resolvedAt } from './esdb-fixtures';
import { EsdbSubscription, type EsdbSubscriptionSource } from './esdb-subscription';
import { EsdbSubscriptionDroppedError, EsdbUnreadableEventError } from './esdb.errors';

/**
 * The client's subscription is an object-mode stream of resolved events; a PassThrough stands in for it so
 * that the adapter's delivery rules can be checked without a server (the contract suite covers the server).
 */
class SourceStandIn extends PassThrough implements EsdbSubscriptionSource {
  unsubscribed = 0;
  constructor() {
    super({ objectMode: true });
  }
  unsubscribe(): Promise<void> {
    this.unsubscribed += 1;
    return Promise.resolve();
  }
}

const positions = (events: readonly RecordedEvent[]): bigint[] => events.map((event) => event.position);

describe('EsdbSubscription', () => {
  let source: SourceStandIn;
  let subscription: EsdbSubscription;

  afterEach(async () => {
    await subscription.close();
  });

  it('delivers only events strictly after the checkpoint, once each, in order', async () => {
    source = new SourceStandIn();
    subscription = new EsdbSubscription(source, 20n, undefined);
    [10n, 20n, 30n, 30n, 25n, 40n].forEach((position) => source.write(resolvedAt(position)));
    expect(positions(await takeEvents(subscription, 2, 1000))).toEqual([30n, 40n]);
  });

  it('passes over system events, links and events outside the filter', async () => {
    source = new SourceStandIn();
    subscription = new EsdbSubscription(source, undefined, { eventTypes: ['ConsentGiven'] });
    source.write(resolvedAt(1n, { streamId: '$stats-node', type: '$statsCollected' }));
    source.write({ commitPosition: 2n });
    source.write(resolvedAt(3n, { type: 'ClientRegistered' }));
    source.write(resolvedAt(4n, { type: 'ConsentGiven' }));
    const [delivered] = await takeEvents(subscription, 1, 1000);
    expect(delivered).toMatchObject({ position: 4n, type: 'ConsentGiven' });
  });

  it('close() ends an iteration that is waiting for events and unsubscribes', async () => {
    source = new SourceStandIn();
    subscription = new EsdbSubscription(source, undefined, undefined);
    const received: RecordedEvent[] = [];
    const consuming = (async () => {
      for await (const event of subscription) received.push(event);
    })();
    source.write(resolvedAt(1n));
    await new Promise((resolve) => setImmediate(resolve));
    await subscription.close();
    await consuming;
    expect(positions(received)).toEqual([1n]);
    expect(source.unsubscribed).toBe(1);
    expect(source.destroyed).toBe(true);
  });

  it('delivers what arrived before a failure, then raises it', async () => {
    source = new SourceStandIn();
    subscription = new EsdbSubscription(source, undefined, undefined);
    source.write(resolvedAt(1n));
    source.write(resolvedAt(2n));
    const failure = new Error('unavailable');
    await new Promise((resolve) => setImmediate(resolve));
    source.destroy(failure);
    expect(positions(await takeEvents(subscription, 2, 1000))).toEqual([1n, 2n]);
    await expect(subscription.next()).rejects.toBe(failure);
  });

  it('treats the server ending a live subscription as dropped, not as a normal end', async () => {
    source = new SourceStandIn();
    subscription = new EsdbSubscription(source, undefined, undefined);
    source.end();
    await expect(subscription.next()).rejects.toBeInstanceOf(EsdbSubscriptionDroppedError);
  });

  it('stops at an unreadable event so that no checkpoint can pass it', async () => {
    source = new SourceStandIn();
    subscription = new EsdbSubscription(source, undefined, undefined);
    source.write(resolvedAt(1n));
    source.write(resolvedAt(2n, { metadata: { notOurs: true } }));
    source.write(resolvedAt(3n));
    expect(positions(await takeEvents(subscription, 1, 1000))).toEqual([1n]);
    await expect(subscription.next()).rejects.toBeInstanceOf(EsdbUnreadableEventError);
    expect(source.unsubscribed).toBe(1);
  });

  it('pauses the source while the consumer lags and resumes it once the buffer drains', async () => {
    source = new SourceStandIn();
    subscription = new EsdbSubscription(source, undefined, undefined);
    for (let position = 1n; position <= 600n; position += 1n) source.write(resolvedAt(position));
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.isPaused()).toBe(true);
    const delivered = await takeEvents(subscription, 600, 5000);
    expect(positions(delivered)).toEqual(Array.from({ length: 600 }, (_, index) => BigInt(index + 1)));
    expect(source.isPaused()).toBe(false);
  });
});
