/**
 * The shape every aggregate of the domain takes. Commands, events and states are discriminated unions;
 * time and ids arrive through the command so that `decide` and `evolve` stay pure and replayable.
 */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

export interface DomainCommand<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

/** A refused command: an outcome with a stable `CONTEXT.REASON` code, never a thrown string. */
export interface Rejection {
  readonly code: string;
  readonly message: string;
  /** The command field the rejection is about, when there is one. */
  readonly field?: string;
}

export type Decision<Event> =
  | { readonly ok: true; readonly events: readonly Event[] }
  | { readonly ok: false; readonly rejection: Rejection };

export interface Decider<Command, Event, State> {
  readonly initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Decision<Event>;
}

export const accept = <Event>(...events: Event[]): Decision<Event> => ({ ok: true, events });

export const reject = <Event = never>(code: string, message: string, field?: string): Decision<Event> => ({
  ok: false,
  rejection: field === undefined ? { code, message } : { code, message, field },
});

export const fold = <Event, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
): State => {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};
