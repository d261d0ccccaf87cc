/** Where a reactor remembers the position of the last event whose jobs it has enqueued. */
export interface CheckpointStore {
  /** `null` when the reactor has never stored a checkpoint. */
  get(name: string): Promise<bigint | null>;
  set(name: string, position: bigint): Promise<void>;
}

/** For tests and throwaway embedded runs; forgets everything on restart. */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, bigint>();

  async get(name: string): Promise<bigint | null> {
    return this.positions.get(name) ?? null;
  }

  async set(name: string, position: bigint): Promise<void> {
    this.positions.set(name, position);
  }
}
