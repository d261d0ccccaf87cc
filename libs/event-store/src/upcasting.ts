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
} from './port';
import { mapSubscription } from './personal-data/subscription-mapping';

/**
 * Turns the data of `eventType` at `fromSchemaVersion` into the shape of version `fromSchemaVersion + 1`.
 * Must be pure, and must accept `ERASED` in place of any personal field: upcasting runs after sealed
 * fields are opened, and an erased subject's fields read as that marker.
 */
export interface Upcaster {
  readonly eventType: string;
  readonly fromSchemaVersion: number;
  upcast(data: JsonObject): JsonObject;
}

export class UpcasterRegistry {
  private readonly byTypeAndVersion = new Map<string, Upcaster>();
  private readonly latest = new Map<string, number>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): this {
    const { eventType, fromSchemaVersion } = upcaster;
    if (!Number.isSafeInteger(fromSchemaVersion) || fromSchemaVersion < 1) {
      throw new Error(`Upcaster for ${eventType}: fromSchemaVersion must be a positive integer`);
    }
    const key = `${eventType}@${fromSchemaVersion}`;
    if (this.byTypeAndVersion.has(key))
      throw new Error(`Two upcasters for ${eventType} from schema version ${fromSchemaVersion}`);
    this.byTypeAndVersion.set(key, upcaster);
    this.latest.set(eventType, Math.max(this.latest.get(eventType) ?? 1, fromSchemaVersion + 1));
    return this;
  }

  /** The version new events of this type should be written with; 1 for a type that was never upcast. */
  latestSchemaVersion(eventType: string): number {
    return this.latest.get(eventType) ?? 1;
  }

  /**
   * Applies upcasters one version at a time until none is registered for the event's current version.
   * `metadata.schemaVersion` then names the shape of `data`; the stored version (and the hash over it)
   * stays with the inner store, so verify hash chains there.
   */
  upcast(event: RecordedEvent): RecordedEvent {
    let data = event.data;
    let version = event.metadata.schemaVersion;
    for (
      let upcaster = this.find(event.type, version);
      upcaster !== undefined;
      upcaster = this.find(event.type, version)
    ) {
      data = upcaster.upcast(data);
      version += 1;
    }
    if (version === event.metadata.schemaVersion) return event;
    return { ...event, data, metadata: { ...event.metadata, schemaVersion: version } };
  }

  private find(eventType: string, version: number): Upcaster | undefined {
    return this.byTypeAndVersion.get(`${eventType}@${version}`);
  }
}

/**
 * Upcasts every event read. Compose it OUTSIDE the SealingEventStore,
 * `new UpcastingEventStore(new SealingEventStore(adapter, keys, policy), registry)`, so that reads run:
 * adapter → open sealed fields → upcast. Upcasters then see plain values, and sealing keeps working on the
 * data exactly as stored, which is what its AAD and the hash chain cover.
 */
export class UpcastingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly registry: UpcasterRegistry,
  ) {}

  async append(
    streamId: string,
    expected: ExpectedRevision,
    events: readonly EventToAppend[],
  ): Promise<AppendResult> {
    const result = await this.inner.append(streamId, expected, events);
    return { ...result, events: result.events.map((event) => this.registry.upcast(event)) };
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(streamId, options)).map((event) => this.registry.upcast(event));
  }

  streamRevision(streamId: string): Promise<number | null> {
    return this.inner.streamRevision(streamId);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readAll(options)).map((event) => this.registry.upcast(event));
  }

  subscribeToAll(options?: SubscribeOptions): Subscription {
    return mapSubscription(this.inner.subscribeToAll(options), (event) => this.registry.upcast(event));
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
