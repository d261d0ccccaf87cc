import type { RecordedEvent } from '@app/event-store';
import type { FieldSpec, JsonObject } from './document-store.port';
import { InvalidProjectionError } from './errors';
import { assertValidCollectionSpec } from './query-model';

/**
 * A projection is pure: given the current document (or `null`) and an event, the next document (or `null` to
 * delete). It never reads other collections, the clock or the network, so replaying the log rebuilds it exactly.
 */
export interface Projection<TDocument extends JsonObject = JsonObject> {
  /** Logical read-model name (`volunteers`); the physical collection is `<name>_v<version>`. */
  readonly name: string;
  /** Bump on any change to `evolve`, `documentId` or the fields: the runner rebuilds side by side. */
  readonly version: number;
  /** Event types the projection handles; others only advance its checkpoint. */
  readonly handles: readonly string[];
  /** Fields queries filter and sort on (they become indexes). */
  readonly fields: readonly FieldSpec[];
  /**
   * Event types after which earlier versions of the documents must not survive in the store's files (an
   * erasure): once a batch holding one is stored, the runner asks the store to purge what it overwrote.
   */
  readonly purgesOverwrittenOn?: readonly string[];
  /** The document an event belongs to, or `null` to ignore this event. */
  documentId(event: RecordedEvent): string | null;
  evolve(document: TDocument | null, event: RecordedEvent): TDocument | null;
}

export const physicalCollectionName = (projection: Pick<Projection, 'name' | 'version'>): string =>
  `${projection.name}_v${projection.version}`;

const LOGICAL_NAME = /^[a-z][a-z0-9_]*[a-z0-9]$/;

export function assertValidProjection(projection: Projection): void {
  if (!LOGICAL_NAME.test(projection.name) || /_v\d+$/.test(projection.name)) {
    throw new InvalidProjectionError(
      String(projection.name),
      'name must be lower_snake_case without a version suffix',
    );
  }
  if (!Number.isSafeInteger(projection.version) || projection.version < 1) {
    throw new InvalidProjectionError(projection.name, 'version must be a positive whole number');
  }
  if (!Array.isArray(projection.handles))
    throw new InvalidProjectionError(projection.name, 'handles must be an array of event types');
  assertValidCollectionSpec({ name: physicalCollectionName(projection), fields: projection.fields });
}

/** Identity helper that keeps the document type while declaring a projection. */
export const defineProjection = <TDocument extends JsonObject>(
  projection: Projection<TDocument>,
): Projection<TDocument> => projection;
