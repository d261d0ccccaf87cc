import { EventStoreError } from '../../errors';

/**
 * An event in a non-system stream that this adapter cannot turn into a `RecordedEvent` (not JSON, metadata
 * without the hash chain, no position). Raised rather than skipped: a system of record must not silently lose
 * an event. Carries where the event is, never its content.
 */
export class EsdbUnreadableEventError extends EventStoreError {
  readonly code = 'EVENT_STORE.UNREADABLE_EVENT';
  constructor(
    readonly streamId: string,
    readonly revision: number,
    readonly reason: string,
  ) {
    super(`Event ${streamId}@${revision} cannot be read: ${reason}`);
    this.name = 'EsdbUnreadableEventError';
  }
}

/** The server ended a subscription that should have stayed live; resubscribe from the last checkpoint. */
export class EsdbSubscriptionDroppedError extends EventStoreError {
  readonly code = 'EVENT_STORE.SUBSCRIPTION_DROPPED';
  constructor() {
    super('The EventStoreDB subscription ended unexpectedly');
    this.name = 'EsdbSubscriptionDroppedError';
  }
}
