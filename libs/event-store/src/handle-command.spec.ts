import { accept, type Decider, reject } from '@app/domain/shared/decider';
import { openSqliteEventStore } from './adapters/sqlite';
import { CommandConflictError, handleCommand, type CommandContext } from './handle-command';
import { verifyChain } from './hash-chain';
import {
  definePersonalDataPolicy,
  ERASED,
  eraseSubject,
  MasterKey,
  openSqliteSubjectKeyStore,
  SealingEventStore,
} from './personal-data';
import type { EventStore, EventToAppend } from './port';

// A deliberately small consent aggregate: enough rules for accept, reject and "nothing to do".
type ConsentEvent =
  | { readonly type: 'ConsentGiven'; readonly data: { readonly consentId: string; readonly purpose: string } }
  | { readonly type: 'ConsentWithdrawn'; readonly data: { readonly consentId: string } };
type ConsentCommand =
  | { readonly type: 'GiveConsent'; readonly data: { readonly consentId: string; readonly purpose: string } }
  | { readonly type: 'WithdrawConsent'; readonly data: { readonly consentId: string } };
interface ConsentState {
  readonly inForce: readonly string[];
}

const consentDecider: Decider<ConsentCommand, ConsentEvent, ConsentState> = {
  initialState: { inForce: [] },
  evolve: (state, event) => {
    switch (event.type) {
      case 'ConsentGiven':
        return { inForce: [...state.inForce, event.data.consentId] };
      case 'ConsentWithdrawn':
        return { inForce: state.inForce.filter((id) => id !== event.data.consentId) };
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'GiveConsent':
        return state.inForce.includes(command.data.consentId)
          ? accept()
          : accept({ type: 'ConsentGiven', data: command.data });
      case 'WithdrawConsent':
        return state.inForce.includes(command.data.consentId)
          ? accept({ type: 'ConsentWithdrawn', data: command.data })
          : reject('CONSENT.NOT_IN_FORCE', 'No such consent is in force', 'consentId');
    }
  },
};

const streamId = 'client-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
let commandCounter = 0;
const contextFor = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  commandId: `command-${++commandCounter}`,
  correlationId: 'correlation-1',
  actor: { id: 'coordinator-1', role: 'COORDINATOR' },
  occurredAt: '2026-01-15T10:00:00.000Z',
  ...overrides,
});
const give = (consentId: string): ConsentCommand => ({
  type: 'GiveConsent',
  data: { consentId, purpose: 'MATCHING' },
});
const withdraw = (consentId: string): ConsentCommand => ({ type: 'WithdrawConsent', data: { consentId } });

const foreignEvent = (consentId: string, commandId = 'someone-else'): EventToAppend => ({
  type: 'ConsentGiven',
  data: { consentId, purpose: 'REPORTING' },
  metadata: { ...contextFor({ commandId }), causationId: null, schemaVersion: 1 },
});

/** Another writer that slips an append in between our read and our append, for the first `times` reads. */
function withConcurrentWriter(
  inner: EventStore,
  times: number,
  event: (round: number) => EventToAppend,
): EventStore & { readonly rounds: () => number } {
  let rounds = 0;
  return {
    append: (...args) => inner.append(...args),
    readStream: async (...args) => {
      const events = await inner.readStream(...args);
      if (rounds < times) {
        rounds += 1;
        await inner.append(streamId, 'any', [event(rounds)]);
      }
      return events;
    },
    streamRevision: (...args) => inner.streamRevision(...args),
    readAll: (...args) => inner.readAll(...args),
    subscribeToAll: (...args) => inner.subscribeToAll(...args),
    headPosition: () => inner.headPosition(),
    close: () => inner.close(),
    rounds: () => rounds,
  };
}

describe('handleCommand', () => {
  let store: EventStore;

  beforeEach(() => {
    store = openSqliteEventStore({ filename: ':memory:' });
  });

  afterEach(async () => {
    await store.close();
  });

  const given = async (...commands: ConsentCommand[]) => {
    for (const command of commands)
      await handleCommand(store, streamId, consentDecider, command, contextFor());
  };

  it('given no stream, when consent is given, then ConsentGiven is appended with the context as metadata', async () => {
    const context = contextFor({
      causationId: 'cause-1',
      schemaVersionOf: (type) => (type === 'ConsentGiven' ? 2 : 1),
    });
    const outcome = await handleCommand(store, streamId, consentDecider, give('c1'), context);

    expect(outcome).toMatchObject({ ok: true, revision: 0, replayed: false, state: { inForce: ['c1'] } });
    const [stored] = await store.readStream(streamId);
    expect(stored).toMatchObject({
      type: 'ConsentGiven',
      data: { consentId: 'c1', purpose: 'MATCHING' },
      metadata: {
        commandId: context.commandId,
        correlationId: 'correlation-1',
        causationId: 'cause-1',
        actor: { id: 'coordinator-1', role: 'COORDINATOR' },
        occurredAt: '2026-01-15T10:00:00.000Z',
        schemaVersion: 2,
      },
    });
    if (!outcome.ok) throw new Error('expected an accepted command');
    expect(outcome.events.map((event) => event.eventId)).toEqual([stored!.eventId]);
    expect(outcome.position).toBe(await store.headPosition());
  });

  it('defaults causationId to null and schemaVersion to 1', async () => {
    await handleCommand(store, streamId, consentDecider, give('c1'), contextFor());
    const [stored] = await store.readStream(streamId);
    expect(stored!.metadata).toMatchObject({ causationId: null, schemaVersion: 1 });
  });

  it('given earlier consents, when one is withdrawn, then the event lands at the next revision and the state follows', async () => {
    await given(give('c1'), give('c2'));
    const outcome = await handleCommand(store, streamId, consentDecider, withdraw('c1'), contextFor());
    expect(outcome).toMatchObject({ ok: true, revision: 2, state: { inForce: ['c2'] } });
    expect(verifyChain(streamId, await store.readStream(streamId)).ok).toBe(true);
  });

  it('given no consent in force, when withdrawing, then the rejection is returned and nothing is appended', async () => {
    await given(give('c1'));
    const before = await store.headPosition();
    const outcome = await handleCommand(store, streamId, consentDecider, withdraw('c9'), contextFor());
    expect(outcome).toEqual({
      ok: false,
      rejection: { code: 'CONSENT.NOT_IN_FORCE', message: 'No such consent is in force', field: 'consentId' },
    });
    await expect(store.headPosition()).resolves.toBe(before);
  });

  it('given the consent already in force, when given again, then nothing is appended and the current position is returned', async () => {
    await given(give('c1'));
    const [existing] = await store.readStream(streamId);
    const outcome = await handleCommand(store, streamId, consentDecider, give('c1'), contextFor());
    expect(outcome).toEqual({
      ok: true,
      events: [],
      position: existing!.position,
      revision: 0,
      state: { inForce: ['c1'] },
      replayed: false,
    });
    await expect(store.streamRevision(streamId)).resolves.toBe(0);
  });

  it('given an empty decision on an absent stream, then position 0n and revision -1 are returned', async () => {
    const nothingToDo: Decider<ConsentCommand, ConsentEvent, ConsentState> = {
      ...consentDecider,
      decide: () => accept(),
    };
    const outcome = await handleCommand(store, streamId, nothingToDo, give('c1'), contextFor());
    expect(outcome).toMatchObject({ ok: true, events: [], position: 0n, revision: -1, replayed: false });
  });

  describe('idempotency', () => {
    it('given a handled command, when it is re-sent with the same commandId, then the earlier outcome returns and nothing is appended', async () => {
      await given(give('c1'));
      const context = contextFor();
      const first = await handleCommand(store, streamId, consentDecider, withdraw('c1'), context);
      await given(give('c2'));
      const head = await store.headPosition();

      // Re-deciding would now be a rejection (c1 is no longer in force): the replay must not re-decide.
      const again = await handleCommand(store, streamId, consentDecider, withdraw('c1'), context);

      if (!first.ok || !again.ok) throw new Error('expected accepted outcomes');
      expect(again.replayed).toBe(true);
      expect(again.events.map((event) => event.eventId)).toEqual(first.events.map((event) => event.eventId));
      expect(again.position).toBe(first.position);
      expect(again.revision).toBe(first.revision);
      expect(again.state).toEqual(first.state);
      await expect(store.headPosition()).resolves.toBe(head);
    });

    it('given the same command racing itself, when the other copy wins, then this one replays its outcome', async () => {
      const context = contextFor();
      const racing = withConcurrentWriter(store, 1, () => ({
        ...foreignEvent('c1', context.commandId),
        data: { consentId: 'c1', purpose: 'MATCHING' },
      }));
      const outcome = await handleCommand(racing, streamId, consentDecider, give('c1'), context);
      expect(outcome).toMatchObject({ ok: true, replayed: true, revision: 0 });
      await expect(store.streamRevision(streamId)).resolves.toBe(0);
    });
  });

  describe('conflicts with a concurrent writer', () => {
    it('given a writer that creates the stream first, when the command retries, then it decides on the new state and appends after it', async () => {
      const racing = withConcurrentWriter(store, 1, () => foreignEvent('other'));
      const outcome = await handleCommand(racing, streamId, consentDecider, give('c1'), contextFor());
      expect(racing.rounds()).toBe(1);
      expect(outcome).toMatchObject({
        ok: true,
        revision: 1,
        replayed: false,
        state: { inForce: ['other', 'c1'] },
      });
      expect((await store.readStream(streamId)).map((event) => event.data.consentId)).toEqual([
        'other',
        'c1',
      ]);
    });

    it('given a writer that keeps winning, when retries are exhausted, then CommandConflictError is thrown and nothing of ours is appended', async () => {
      await given(give('c0'));
      const racing = withConcurrentWriter(store, Number.POSITIVE_INFINITY, (round) =>
        foreignEvent(`other-${round}`),
      );
      const context = contextFor();
      const failure = await handleCommand(racing, streamId, consentDecider, give('c1'), context, {
        maxRetries: 2,
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CommandConflictError);
      expect(failure).toMatchObject({ code: 'COMMAND.CONFLICT', streamId, attempts: 3 });
      expect(racing.rounds()).toBe(3);
      const ours = (await store.readStream(streamId)).filter(
        (event) => event.metadata.commandId === context.commandId,
      );
      expect(ours).toEqual([]);
    });

    it('retries five times by default', async () => {
      const racing = withConcurrentWriter(store, Number.POSITIVE_INFINITY, (round) =>
        foreignEvent(`other-${round}`),
      );
      await expect(
        handleCommand(racing, streamId, consentDecider, give('c1'), contextFor()),
      ).rejects.toMatchObject({ attempts: 6 });
      expect(racing.rounds()).toBe(6);
    });
  });

  it('lets errors other than revision conflicts through without retrying', async () => {
    const exploding: Decider<ConsentCommand, ConsentEvent, ConsentState> = {
      ...consentDecider,
      decide: () =>
        accept({ type: 'ConsentGiven', data: { consentId: 'c1', purpose: undefined as unknown as string } }),
    };
    await expect(handleCommand(store, streamId, exploding, give('c1'), contextFor())).rejects.toMatchObject({
      code: 'EVENT_STORE.INVALID_EVENT_DATA',
    });
    await expect(store.streamRevision(streamId)).resolves.toBeNull();
  });

  it('decides on opened personal data through the sealing store, and erasure leaves the stream usable', async () => {
    const keys = openSqliteSubjectKeyStore({ filename: ':memory:', masterKey: MasterKey.generate() });
    const sealing = new SealingEventStore(
      store,
      keys,
      definePersonalDataPolicy({ ConsentGiven: ['purpose'] }),
    );
    await handleCommand(sealing, streamId, consentDecider, give('c1'), contextFor());
    const [stored] = await store.readStream(streamId);
    expect(stored!.data.purpose).toMatchObject({ $sealed: 1 });

    await eraseSubject(keys, streamId);
    const outcome = await handleCommand(sealing, streamId, consentDecider, withdraw('c1'), contextFor());
    expect(outcome).toMatchObject({ ok: true, revision: 1, state: { inForce: [] } });
    expect((await sealing.readStream(streamId))[0]!.data.purpose).toBe(ERASED);
    await keys.close();
  });
});
