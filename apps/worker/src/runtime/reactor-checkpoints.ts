import type { CheckpointStore } from '@app/jobs';
import type { DocumentStore } from '@app/read-models';

/**
 * Reactor checkpoints kept beside the projection checkpoints, in the document store of the deployment (SQLite
 * embedded, MongoDB in production), so that a worker container needs no disk of its own.
 */
export function documentStoreCheckpoints(documents: DocumentStore): CheckpointStore {
  const key = (name: string): string => `reactor_${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
  return {
    get: (name) => documents.getCheckpoint(key(name)),
    set: (name, position) => documents.applyBatch([], { projection: key(name), position }),
  };
}
