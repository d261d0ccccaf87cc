import { newId } from '@app/platform/ids';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../port';
import { assertValidEvents, assertValidStreamId } from '../validation';
import { PersonalDataIntegrityError, SubjectErasedError } from './personal-data.errors';
import type { PersonalDataPolicy } from './personal-data-policy';
import { ERASED, isSealedEnvelope, openValue, sealedFieldNames, sealFields } from './sealed-field';
import { mapSubscription } from './subscription-mapping';
import {
  SUBJECT_KEY_DESTROYED,
  type SubjectKey,
  type SubjectKeyDestroyed,
  type SubjectKeyStore,
} from './subject-key-store';

type KeyLookup = SubjectKey | null | SubjectKeyDestroyed;
const SUBSCRIPTION_KEY_CACHE_SIZE = 4_096;
/** Per read call, so that a page of one subject's events costs one key lookup, and a destroy takes effect on the next read. */
type KeyCache = Map<string, Promise<KeyLookup>>;

/**
 * Decorates any EventStore adapter: personal fields are sealed with the subject's key before they reach the
 * adapter and opened on every read. The adapter hashes the data as stored (sealed), so the hash chain still
 * verifies after erasure; verify chains against the inner store, not through this decorator.
 */
export class SealingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly keys: SubjectKeyStore,
    private readonly policy: PersonalDataPolicy,
  ) {}

  async append(
    streamId: string,
    expected: ExpectedRevision,
    events: readonly EventToAppend[],
  ): Promise<AppendResult> {
    // Most events carry no personal field (access records, consents, matches): nothing to seal, and the adapter
    // validates them as it validates every append.
    if (Array.isArray(events) && !events.some((event) => this.personalFieldsOf(event).length > 0))
      return this.inner.append(streamId, expected, events);
    // Validated here as well as in the adapter: no subject key is created for a request that will be refused.
    assertValidStreamId(streamId);
    assertValidEvents(events);
    // The event id is part of the AAD, so it must be fixed before sealing.
    const identified = events.map((event) => ({ ...event, eventId: event.eventId ?? newId() }));
    // Past the check above, at least one event carries personal data.
    const key = await this.subjectKey(this.policy.subjectOf(streamId));
    const sealed = identified.map((event): EventToAppend => {
      const fields = this.personalFieldsOf(event);
      if (fields.length === 0) return event;
      return { ...event, data: sealFields(event.data, fields, key, { streamId, eventId: event.eventId }) };
    });
    const result = await this.inner.append(streamId, expected, sealed);
    // The caller already holds the plaintext of what was just written: no need to decrypt it again.
    return {
      ...result,
      events: result.events.map((recorded, index) => ({
        ...recorded,
        data: identified[index]?.data ?? recorded.data,
      })),
    };
  }

  /** The fields of the event that the policy names personal and that hold a value; none for what is not an event. */
  private personalFieldsOf(event: unknown): readonly string[] {
    if (event === null || typeof event !== 'object') return [];
    const { type, data } = event as { type?: unknown; data?: unknown };
    if (typeof type !== 'string' || data === null || typeof data !== 'object') return [];
    return this.policy
      .personalFields(type)
      .filter(
        (field) => Object.hasOwn(data, field) && (data as Record<string, unknown>)[field] !== undefined,
      );
  }

  /** Looks the key up first: creating one is a write transaction and a key wrap, needed once per subject. */
  private async subjectKey(subjectId: string): Promise<SubjectKey> {
    const existing = await this.keys.get(subjectId);
    if (existing === SUBJECT_KEY_DESTROYED) throw new SubjectErasedError(subjectId);
    return existing ?? this.keys.create(subjectId);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readStream(streamId, options));
  }

  streamRevision(streamId: string): Promise<number | null> {
    return this.inner.streamRevision(streamId);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readAll(options));
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    // One cache for the subscription's life, bounded: a rebuild reads each subject's events many times over,
    // and unwrapping the subject key for every event would cost more than opening the fields. A key destroyed
    // meanwhile only matters for events recorded before the erasure, whose projection purges them anyway.
    const cache: KeyCache = new Map();
    return mapSubscription(this.inner.subscribeToAll(options), (event) => {
      if (cache.size >= SUBSCRIPTION_KEY_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      return this.openEvent(event, cache);
    });
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async openAll(events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    const cache: KeyCache = new Map();
    const opened: RecordedEvent[] = [];
    for (const event of events) opened.push(await this.openEvent(event, cache));
    return opened;
  }

  private async openEvent(event: RecordedEvent, cache: KeyCache): Promise<RecordedEvent> {
    // Every envelope is opened, not only the policy's current fields, so that narrowing the policy later
    // cannot leave old events unreadable.
    const fields = sealedFieldNames(event.data);
    if (fields.length === 0) return event;
    const subjectId = this.policy.subjectOf(event.streamId);
    const key = await this.lookupKey(subjectId, cache);
    if (key === null) {
      throw new PersonalDataIntegrityError('SUBJECT_KEY_MISSING', {
        streamId: event.streamId,
        eventId: event.eventId,
        subjectId,
      });
    }
    const data: JsonObject = { ...event.data };
    for (const field of fields) {
      const envelope = event.data[field];
      if (!isSealedEnvelope(envelope)) continue;
      data[field] =
        key === SUBJECT_KEY_DESTROYED
          ? ERASED
          : openValue(envelope, key, { streamId: event.streamId, eventId: event.eventId, field });
    }
    return { ...event, data };
  }

  private lookupKey(subjectId: string, cache: KeyCache): Promise<KeyLookup> {
    let lookup = cache.get(subjectId);
    if (lookup === undefined) {
      lookup = this.keys.get(subjectId);
      cache.set(subjectId, lookup);
    }
    return lookup;
  }
}

/**
 * Crypto-shredding: destroys the subject's key, after which every sealed field of theirs reads as `ERASED`
 * wherever it is stored, backups included. Read models holding opened copies must be purged separately.
 */
export async function eraseSubject(keys: SubjectKeyStore, subjectId: string): Promise<void> {
  await keys.destroy(subjectId);
}
