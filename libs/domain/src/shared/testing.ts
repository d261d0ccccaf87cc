import { fold, type Decider } from './decider';

/**
 * Given/when/then for deciders: `specFor(decider).given(events).when(command).then(events | rejectionCode)`.
 * `then` also proves every emitted event survives JSON unchanged (no undefined, no Date).
 */
export interface Scenario<Command, Event> {
  when(command: Command): { then(expected: readonly Event[] | string): void; events(): readonly Event[] };
}

const assertJsonRoundTrip = (events: readonly unknown[]): void => {
  const text = JSON.stringify(events);
  const back: unknown = JSON.parse(text);
  expect(back).toStrictEqual(events);
};

export function specFor<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(history: readonly Event[]): Scenario<Command, Event> {
      const state = fold(decider, history);
      return {
        when(command: Command) {
          const decision = decider.decide(command, state);
          return {
            then(expected: readonly Event[] | string): void {
              if (typeof expected === 'string') {
                expect(decision.ok ? { ok: true, events: decision.events } : decision.rejection.code).toBe(
                  expected,
                );
                return;
              }
              expect(decision.ok ? decision.events : { rejected: decision.rejection }).toStrictEqual(
                expected,
              );
              if (decision.ok) assertJsonRoundTrip(decision.events);
              // Events a decider emits must also be foldable.
              if (decision.ok) fold(decider, [...history, ...decision.events]);
            },
            events(): readonly Event[] {
              if (!decision.ok) throw new Error(`expected events, got rejection ${decision.rejection.code}`);
              return decision.events;
            },
          };
        },
      };
    },
  };
}
