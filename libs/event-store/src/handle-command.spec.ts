import { accept, type Decider, reject } from '@app/domain/shared/decider';
import { openSqliteEventStore } from './adapters/sqlite';
import {
  CommandConflictError,
  handleCommand,
  type CommandContext,
  type HandleCommandOptions,
} from './handle-command';
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
import { CommandLedger, StreamStateCache } from './stream-state-cache';
import { withConcurrentWriter } from './testing/concurrent-writer';

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

describe.each([
  ['reading whole streams', (): StreamStateCache | undefined => undefined],
  ['with a stream state cache', (): StreamStateCache | undefined => new StreamStateCache()],
])('handleCommand, %s', (_mode, makeCache) => {
  let store: EventStore;
  let states: StreamStateCache | undefined;
  const handle = <Command, Event extends { type: string; data: object }, State>(
    target: EventStore,
    stream: string,
    decider: Decider<Command, Event, State>,
    command: Command,
    context: CommandContext,
    options: HandleCommandOptions = {},
  ) => handleCommand(target, stream, decider, command, context, { states, ...options });
  beforeEach(() => {
    store = openSqliteEventStore({ filename: ':memory:' });
    states = makeCache();
  });

  afterEach(async () => {
    await store.close();
  });

  const given = async (...commands: ConsentCommand[]) => {
    for (const command of commands) await handle(store, streamId, consentDecider, command, contextFor());
  };

  it('given no stream, when consent is given, then ConsentGiven is appended with the context as metadata', async () => {
    const context = contextFor({
      causationId: 'cause-1',
      schemaVersionOf: (type) => (type === 'ConsentGiven' ? 2 : 1),
    });
    const outcome = await handle(store, streamId, consentDecider, give('c1'), context);

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
    await handle(store, streamId, consentDecider, give('c1'), contextFor());
    const [stored] = await store.readStream(streamId);
    expect(stored!.metadata).toMatchObject({ causationId: null, schemaVersion: 1 });
  });

  it('given earlier consents, when one is withdrawn, then the event lands at the next revision and the state follows', async () => {
    await given(give('c1'), give('c2'));
    const outcome = await handle(store, streamId, consentDecider, withdraw('c1'), contextFor());
    expect(outcome).toMatchObject({ ok: true, revision: 2, state: { inForce: ['c2'] } });
    expect(verifyChain(streamId, await store.readStream(streamId)).ok).toBe(true);
  });

  it('given no consent in force, when withdrawing, then the rejection is returned and nothing is appended', async () => {
    await given(give('c1'));
    const before = await store.headPosition();
    const outcome = await handle(store, streamId, consentDecider, withdraw('c9'), contextFor());
    expect(outcome).toEqual({
      ok: false,
      rejection: { code: 'CONSENT.NOT_IN_FORCE', message: 'No such consent is in force', field: 'consentId' },
    });
    await expect(store.headPosition()).resolves.toBe(before);
  });

  it('given the consent already in force, when given again, then nothing is appended and the current position is returned', async () => {
    await given(give('c1'));
    const [existing] = await store.readStream(streamId);
    const outcome = await handle(store, streamId, consentDecider, give('c1'), contextFor());
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
    const outcome = await handle(store, streamId, nothingToDo, give('c1'), contextFor());
    expect(outcome).toMatchObject({ ok: true, events: [], position: 0n, revision: -1, replayed: false });
  });

  describe('idempotency', () => {
    it('given a handled command, when it is re-sent with the same commandId, then the earlier outcome returns and nothing is appended', async () => {
      await given(give('c1'));
      const context = contextFor();
      const first = await handle(store, streamId, consentDecider, withdraw('c1'), context);
      await given(give('c2'));
      const head = await store.headPosition();

      // Re-deciding would now be a rejection (c1 is no longer in force): the replay must not re-decide.
      const again = await handle(store, streamId, consentDecider, withdraw('c1'), context);

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
      const racing = withConcurrentWriter(store, streamId, (round) =>
        round > 1
          ? null
          : {
              ...foreignEvent('c1', context.commandId),
              data: { consentId: 'c1', purpose: 'MATCHING' },
            },
      );
      const outcome = await handle(racing, streamId, consentDecider, give('c1'), context);
      expect(outcome).toMatchObject({ ok: true, replayed: true, revision: 0 });
      await expect(store.streamRevision(streamId)).resolves.toBe(0);
    });
  });

  describe('idempotency keys bound to their request (command fingerprints)', () => {
    it('stamps the fingerprint on every event of the command, and the chain covers it', async () => {
      await handle(store, streamId, consentDecider, give('c1'), contextFor({ commandFingerprint: 'fp-a' }));
      const [stored] = await store.readStream(streamId);
      expect(stored!.metadata.commandFingerprint).toBe('fp-a');
      expect(verifyChain(streamId, [stored!]).ok).toBe(true);
      expect(
        verifyChain(streamId, [
          { ...stored!, metadata: { ...stored!.metadata, commandFingerprint: 'fp-b' } },
        ]),
      ).toMatchObject({ ok: false, reason: 'HASH_MISMATCH' });
    });

    it('leaves the fingerprint out when the context has none', async () => {
      await handle(store, streamId, consentDecider, give('c1'), contextFor());
      const [stored] = await store.readStream(streamId);
      expect(stored!.metadata).not.toHaveProperty('commandFingerprint');
    });

    it('given a handled command, when it is re-sent with the same fingerprint, then the earlier outcome returns', async () => {
      const context = contextFor({ commandFingerprint: 'fp-a' });
      const first = await handle(store, streamId, consentDecider, give('c1'), context);
      const head = await store.headPosition();
      const again = await handle(store, streamId, consentDecider, give('c1'), context);
      expect(again).toEqual({ ...first, replayed: true });
      await expect(store.headPosition()).resolves.toBe(head);
    });

    it('given a handled command, when its commandId comes with another fingerprint, then COMMAND.ID_REUSED and nothing is appended', async () => {
      const first = contextFor({ commandFingerprint: 'fp-a' });
      await handle(store, streamId, consentDecider, give('c1'), first);
      const head = await store.headPosition();

      const other = await handle(store, streamId, consentDecider, give('c2'), {
        ...first,
        commandFingerprint: 'fp-b',
      });

      expect(other).toEqual({
        ok: false,
        rejection: {
          code: 'COMMAND.ID_REUSED',
          message: 'This commandId was already used for a different request.',
          field: 'commandId',
        },
        earlierState: { inForce: ['c1'] },
      });
      await expect(store.headPosition()).resolves.toBe(head);
    });

    it('given a command racing another request under its commandId, when the other wins, then COMMAND.ID_REUSED', async () => {
      const context = contextFor({ commandFingerprint: 'fp-a' });
      const racing = withConcurrentWriter(store, streamId, (round) =>
        round > 1
          ? null
          : {
              ...foreignEvent('c9', context.commandId),
              metadata: { ...foreignEvent('c9', context.commandId).metadata, commandFingerprint: 'fp-b' },
            },
      );
      const outcome = await handle(racing, streamId, consentDecider, give('c1'), context);
      expect(outcome).toMatchObject({ ok: false, rejection: { code: 'COMMAND.ID_REUSED' } });
      await expect(store.streamRevision(streamId)).resolves.toBe(0);
    });

    it.each([
      ['the recorded events have none (recorded before fingerprints)', undefined, 'fp-b'],
      ['the re-send has none (no request to take it from)', 'fp-a', undefined],
    ])('replays when %s', async (_case, recorded, resent) => {
      const context = contextFor({ commandFingerprint: recorded });
      const first = await handle(store, streamId, consentDecider, give('c1'), context);
      const head = await store.headPosition();
      const again = await handle(store, streamId, consentDecider, give('c2'), {
        ...context,
        commandFingerprint: resent,
      });
      expect(again).toEqual({ ...first, replayed: true });
      await expect(store.headPosition()).resolves.toBe(head);
    });
  });

  describe('conflicts with a concurrent writer', () => {
    it('given a writer that creates the stream first, when the command retries, then it decides on the new state and appends after it', async () => {
      const racing = withConcurrentWriter(store, streamId, (round) =>
        round > 1 ? null : foreignEvent('other'),
      );
      const outcome = await handle(racing, streamId, consentDecider, give('c1'), contextFor());
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
      const racing = withConcurrentWriter(store, streamId, (round) => foreignEvent(`other-${round}`));
      const context = contextFor();
      const failure = await handle(racing, streamId, consentDecider, give('c1'), context, {
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
      const racing = withConcurrentWriter(store, streamId, (round) => foreignEvent(`other-${round}`));
      await expect(handle(racing, streamId, consentDecider, give('c1'), contextFor())).rejects.toMatchObject({
        attempts: 6,
      });
      expect(racing.rounds()).toBe(6);
    });
  });

  it('lets errors other than revision conflicts through without retrying', async () => {
    const exploding: Decider<ConsentCommand, ConsentEvent, ConsentState> = {
      ...consentDecider,
      decide: () =>
        accept({ type: 'ConsentGiven', data: { consentId: 'c1', purpose: undefined as unknown as string } }),
    };
    await expect(handle(store, streamId, exploding, give('c1'), contextFor())).rejects.toMatchObject({
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
    await handle(sealing, streamId, consentDecider, give('c1'), contextFor());
    const [stored] = await store.readStream(streamId);
    expect(stored!.data.purpose).toMatchObject({ $sealed: 1 });

    await eraseSubject(keys, streamId);
    const outcome = await handle(sealing, streamId, consentDecider, withdraw('c1'), contextFor());
    expect(outcome).toMatchObject({ ok: true, revision: 1, state: { inForce: [] } });
    expect((await sealing.readStream(streamId))[0]!.data.purpose).toBe(ERASED);
    await keys.close();
  });
});

describe('handleCommand with a stream state cache', () => {
  let store: EventStore;
  let reads: { streamId: string; fromRevision: number | undefined }[];
  let spied: EventStore;
  let states: StreamStateCache;

  beforeEach(() => {
    store = openSqliteEventStore({ filename: ':memory:' });
    reads = [];
    spied = {
      ...store,
      append: (...args) => store.append(...args),
      readStream: (id, options) => {
        reads.push({ streamId: id, fromRevision: options?.fromRevision });
        return store.readStream(id, options);
      },
    };
    states = new StreamStateCache();
  });

  afterEach(async () => {
    await store.close();
  });

  const handle = (command: ConsentCommand, context = contextFor()) =>
    handleCommand(spied, streamId, consentDecider, command, context, { states });

  it('given a stream it has handled, when the next commands come, then they decide on the cached state without reading', async () => {
    await handle(give('c1'));
    await handle(give('c2'));
    const outcome = await handle(withdraw('c1'));

    expect(reads).toEqual([{ streamId, fromRevision: undefined }]);
    expect(outcome).toMatchObject({ ok: true, revision: 2, state: { inForce: ['c2'] } });
    expect((await store.readStream(streamId)).map((event) => event.type)).toEqual([
      'ConsentGiven',
      'ConsentGiven',
      'ConsentWithdrawn',
    ]);
  });

  it('given events appended by another writer since, when a command appends on the cached state, then the conflict makes it read them and decide again', async () => {
    await handle(give('c1'));
    await store.append(streamId, 0, [foreignEvent('c2')]);

    const outcome = await handle(give('c3'));

    expect(reads).toEqual([
      { streamId, fromRevision: undefined },
      { streamId, fromRevision: 1 },
    ]);
    expect(outcome).toMatchObject({ ok: true, revision: 2, state: { inForce: ['c1', 'c2', 'c3'] } });
  });

  it('given events appended by another writer since, when the cached state would refuse the command, then the refusal is checked against them first', async () => {
    await handle(give('c1'));
    await store.append(streamId, 0, [foreignEvent('c2')]);

    const outcome = await handle(withdraw('c2'));

    expect(outcome).toMatchObject({ ok: true, revision: 2, state: { inForce: ['c1'] } });
    expect(reads.at(-1)).toEqual({ streamId, fromRevision: 1 });
  });

  it('given events appended by another writer since, when the cached state sees nothing to do, then that is checked against them first', async () => {
    await handle(give('c1'));
    await store.append(streamId, 0, [
      { ...foreignEvent('c1'), type: 'ConsentWithdrawn', data: { consentId: 'c1' } },
    ]);

    // Cached, c1 is in force and giving it again is a no-op; the stream says it was withdrawn meanwhile.
    const outcome = await handle(give('c1'));

    expect(outcome).toMatchObject({ ok: true, revision: 2, state: { inForce: ['c1'] } });
    expect(reads.at(-1)).toEqual({ streamId, fromRevision: 1 });
  });

  it('given a command recorded by another writer since, when it is re-sent here, then its earlier outcome returns', async () => {
    await handle(give('c1'));
    await store.append(streamId, 0, [foreignEvent('c2', 'sent-twice')]);
    const head = await store.headPosition();

    const outcome = await handle(give('c2'), contextFor({ commandId: 'sent-twice' }));

    expect(outcome).toMatchObject({ ok: true, replayed: true, revision: 1, position: head });
    await expect(store.headPosition()).resolves.toBe(head);
  });

  it('given a rejection on a stream that does not exist, then nothing is cached for it', async () => {
    await handle(withdraw('c1'));
    expect(states.size).toBe(0);
  });

  it('given a cached stream, when a decider with another evolve commands it, then that one reads the whole stream', async () => {
    await handle(give('c1'));
    const otherEvolve: Decider<ConsentCommand, ConsentEvent, ConsentState> = {
      ...consentDecider,
      evolve: (state, event) => consentDecider.evolve(state, event),
    };

    await handleCommand(spied, streamId, otherEvolve, give('c2'), contextFor(), { states });

    expect(reads.at(-1)).toEqual({ streamId, fromRevision: undefined });
  });

  it('given a cached stream, when a decider that only wraps decide commands it, then it starts from the cached state', async () => {
    await handle(give('c1'));
    const guarded: Decider<ConsentCommand, ConsentEvent, ConsentState> = {
      ...consentDecider,
      decide: (command, state) => consentDecider.decide(command, state),
    };

    const outcome = await handleCommand(spied, streamId, guarded, give('c2'), contextFor(), { states });

    expect(reads).toEqual([{ streamId, fromRevision: undefined }]);
    expect(outcome).toMatchObject({ ok: true, state: { inForce: ['c1', 'c2'] } });
  });
});

describe('StreamStateCache', () => {
  const evolve = {};
  const entry = (revision: number) => ({
    evolve,
    state: { revision },
    revision,
    position: BigInt(revision + 1),
    commands: new CommandLedger(),
  });

  it('keeps the later revision when commands finish out of order', () => {
    const cache = new StreamStateCache();
    cache.remember('stream-1', entry(5));
    cache.remember('stream-1', entry(4));
    expect(cache.get('stream-1', evolve)?.revision).toBe(5);
  });

  it('answers only for the evolve that folded the state', () => {
    const cache = new StreamStateCache();
    cache.remember('stream-1', entry(0));
    expect(cache.get('stream-1', {})).toBeUndefined();
    expect(cache.get('stream-1', evolve)?.revision).toBe(0);
  });

  it('drops the least recently used stream beyond its bound', () => {
    const cache = new StreamStateCache({ maxStreams: 2 });
    cache.remember('stream-1', entry(0));
    cache.remember('stream-2', entry(0));
    cache.get('stream-1', evolve);
    cache.remember('stream-3', entry(0));
    expect(cache.get('stream-2', evolve)).toBeUndefined();
    expect(cache.get('stream-1', evolve)).toBeDefined();
    expect(cache.size).toBe(2);
  });
});

describe('CommandLedger', () => {
  const recorded = (commandId: string, revision: number) => ({ revision, metadata: { commandId } });

  it('given the events of a stream, then each state of it sees the commands up to its own revision', () => {
    const ledger = CommandLedger.of([recorded('a', 0), recorded('b', 1), recorded('b', 2), recorded('c', 3)]);
    expect(ledger.recordedBy('a', 0)).toBe(true);
    expect(ledger.recordedBy('b', 0)).toBe(false);
    expect(ledger.recordedBy('b', 1)).toBe(true);
    expect(ledger.recordedBy('c', 2)).toBe(false);
    expect(ledger.recordedBy('c', 3)).toBe(true);
    expect(ledger.recordedBy('d', 3)).toBe(false);
  });

  it('given a command recorded after a state, then that earlier state still does not see it, and a key keeps its first revision', () => {
    const ledger = CommandLedger.of([recorded('a', 0)]);
    ledger.record('b', 1);
    ledger.record('a', 2);
    expect(ledger.recordedBy('b', 0)).toBe(false);
    expect(ledger.recordedBy('b', 1)).toBe(true);
    expect(ledger.recordedBy('a', 0)).toBe(true);
  });
});
