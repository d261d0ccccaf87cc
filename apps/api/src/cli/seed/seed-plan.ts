import { v5 as uuidv5 } from 'uuid';
import type { SeedMutation } from './seed-mutations';

/** An id the server assigns, known only once the creating mutation has answered. */
export class ServerId {
  private assigned: string | undefined;

  constructor(private readonly what: string) {}

  set(id: string): void {
    this.assigned = id;
  }

  get value(): string {
    if (this.assigned === undefined)
      throw new Error(`seed plan used the ${this.what} id before it was created`);
    return this.assigned;
  }
}

export interface SeedOperation {
  readonly verb: SeedMutation;
  /** Deterministic per seed, so re-running the same seed with --force re-sends rather than duplicates. */
  readonly commandId: string;
  /** Built when sent: ids of earlier operations are resolved by then; `at` is an instant of the simulated day. */
  readonly input: (at: string) => Record<string, unknown>;
  readonly onResult?: (payload: Record<string, unknown>) => void;
}

/** Operations of one simulated day; a chain's operations run in order, chains run concurrently. */
export interface PlannedDay {
  readonly date: string;
  readonly chains: readonly (readonly SeedOperation[])[];
}

export interface PlanCounts {
  volunteers: number;
  activeVolunteers: number;
  volunteersLeft: number;
  clients: number;
  clientsDeparted: number;
  consents: number;
  withdrawals: number;
  disclosuresRequested: number;
  matchesProposed: number;
  matchesAccepted: number;
  matchesEnded: number;
  meetings: number;
  sessions: number;
}

export interface SeedPlan {
  readonly seed: number;
  readonly scale: number;
  readonly firstDay: string;
  readonly today: string;
  readonly days: readonly PlannedDay[];
  readonly operations: number;
  readonly counts: PlanCounts;
}

const SEED_NAMESPACE = 'a3c1f0d2-5b7e-4c19-8f6a-0d2e4b9c7a51';
/** Calendar arithmetic is the domain's (zone-free); the planner and its specs import it from here. */
export { addDays, daysBetween } from '@app/domain';

/** Collects operations by day and chain; the order of `schedule` calls is the order within a chain. */
export class PlanBuilder {
  private readonly byDay = new Map<string, Map<string, SeedOperation[]>>();
  private sequence = 0;

  constructor(private readonly seed: number) {}

  schedule(
    date: string,
    chain: string,
    verb: SeedMutation,
    input: (at: string) => Record<string, unknown>,
    onResult?: (payload: Record<string, unknown>) => void,
  ): void {
    this.sequence += 1;
    const commandId = uuidv5(`seed:${this.seed}:${this.sequence}`, SEED_NAMESPACE);
    let chains = this.byDay.get(date);
    if (chains === undefined) {
      chains = new Map();
      this.byDay.set(date, chains);
    }
    let operations = chains.get(chain);
    if (operations === undefined) {
      operations = [];
      chains.set(chain, operations);
    }
    operations.push({ verb, commandId, input, ...(onResult === undefined ? {} : { onResult }) });
  }

  days(): PlannedDay[] {
    return [...this.byDay.entries()]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([date, chains]) => ({ date, chains: [...chains.values()] }));
  }

  get operations(): number {
    return this.sequence;
  }
}
