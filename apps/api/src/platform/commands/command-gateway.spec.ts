import { GraphQLError } from 'graphql';
import { clientDecider, clientStreamId, type AvailabilitySlot, type RegisterClient } from '@app/domain';
import { openSqliteEventStore, type EventStore } from '@app/event-store';
import { Metrics, fixedClock } from '@app/platform';
import { ProjectionTimeoutError } from '@app/read-models';
import { CLIENT_SCOPE } from '../../clients/commands/client-command.support';
import type { ReadSide } from '../read-side';
import { CommandGateway } from './command-gateway';
import { counterValues } from '@app/platform/testing/counter-values';
import { requestContextOf } from '../testing/request-context';

const NOW = '2026-03-10T10:00:00.000Z';
const CLIENT_ID = 'c-1';
const CLIENT_NAME = 'Amina Haddad';

const commandOutcomes = (metrics: Metrics): Promise<Record<string, number>> =>
  counterValues(metrics, 'pruvodce_command_outcomes_total', ['command', 'code']);

const coordinator = requestContextOf(
  { subject: 'coordinator-1', role: 'COORDINATOR', regions: ['PRAGUE'] },
  'correlation-1',
);

const registration = (
  overrides: Partial<RegisterClient['data']> = {},
): RegisterClient & { type: 'RegisterClient' } => ({
  type: 'RegisterClient',
  data: {
    clientId: CLIENT_ID,
    name: CLIENT_NAME,
    contact: { email: 'amina@example.org' },
    countryOfOrigin: 'SY',
    languages: ['ar'],
    region: 'PRAGUE',
    needs: ['CZECH_PRACTICE'],
    now: NOW,
    ...overrides,
  },
});

describe('CommandGateway command outcomes', () => {
  let store: EventStore;
  let metrics: Metrics;
  let gateway: CommandGateway;
  let waitedFor: string[][];

  beforeEach(() => {
    store = openSqliteEventStore({ filename: ':memory:' });
    metrics = new Metrics();
    waitedFor = [];
    const readSide = {
      waitFor: async (_position: bigint, projections: readonly string[]) => {
        waitedFor.push([...projections]);
      },
    } as unknown as ReadSide;
    gateway = new CommandGateway(store, readSide, metrics, fixedClock(NOW));
  });

  afterEach(async () => {
    await store.close();
  });

  const register = (commandId: string, command = registration()) =>
    gateway.execute({
      name: 'RegisterClient',
      streamId: clientStreamId(CLIENT_ID),
      decider: clientDecider,
      command,
      context: coordinator,
      commandId,
      readModels: ['clients'],
    });

  const codeOf = async (outcome: Promise<unknown>): Promise<unknown> => {
    const error = await outcome.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof GraphQLError)) throw new Error('expected a coded client error');
    return error.extensions.code;
  };

  it('given a registration the domain accepts, then it is counted once as OK and the payload waits for the read model', async () => {
    await register('command-1');

    expect(await commandOutcomes(metrics)).toEqual({ 'RegisterClient OK': 1 });
    expect(waitedFor).toEqual([['clients']]);
  });

  it('given the same command sent again under its commandId, then the re-send is counted as REPLAYED', async () => {
    await register('command-1');

    const replay = await register('command-1');

    expect(replay.replayed).toBe(true);
    expect(await commandOutcomes(metrics)).toEqual({ 'RegisterClient OK': 1, 'RegisterClient REPLAYED': 1 });
  });

  it('given a client already registered, when a new command registers it again, then the rejection is counted once under its code', async () => {
    await register('command-1');

    expect(await codeOf(register('command-2'))).toBe('CLIENT.ALREADY_REGISTERED');

    expect(await commandOutcomes(metrics)).toEqual({
      'RegisterClient OK': 1,
      'RegisterClient CLIENT.ALREADY_REGISTERED': 1,
    });
  });

  it('given a withdrawal of a consent the client never gave, then it is counted under the rejection code of its own command', async () => {
    await register('command-1');

    const withdrawal = gateway.execute({
      name: 'WithdrawConsent',
      streamId: clientStreamId(CLIENT_ID),
      decider: clientDecider,
      command: {
        type: 'WithdrawConsent',
        data: {
          clientId: CLIENT_ID,
          consentId: 'consent-9',
          withdrawnOn: NOW,
          method: 'WRITTEN_FORM',
          now: NOW,
        },
      },
      context: coordinator,
      commandId: 'command-2',
      readModels: ['consents'],
      scope: CLIENT_SCOPE,
    });

    expect(await codeOf(withdrawal)).toBe('CONSENT.NOT_FOUND');
    expect(await commandOutcomes(metrics)).toEqual({
      'RegisterClient OK': 1,
      'WithdrawConsent CONSENT.NOT_FOUND': 1,
    });
  });

  it('given a registration the domain finds invalid, then it is counted under the validation code and nothing is recorded', async () => {
    expect(await codeOf(register('command-1', registration({ name: '  ' })))).toBe('VALIDATION.REQUIRED');

    expect(await commandOutcomes(metrics)).toEqual({ 'RegisterClient VALIDATION.REQUIRED': 1 });
    expect(await store.readStream(clientStreamId(CLIENT_ID))).toEqual([]);
  });

  it('given an accepted command whose event the store cannot hold as JSON, then it answers and is counted as BAD_USER_INPUT', async () => {
    const slotWithAHole = { day: 'MONDAY', part: 'MORNING', note: undefined } as unknown as AvailabilitySlot;

    const outcome = register('command-1', registration({ availability: [slotWithAHole] }));

    expect(await codeOf(outcome)).toBe('BAD_USER_INPUT');
    expect(await commandOutcomes(metrics)).toEqual({ 'RegisterClient BAD_USER_INPUT': 1 });
    expect(await store.readStream(clientStreamId(CLIENT_ID))).toEqual([]);
  });

  it("given a client outside the caller's regions, when a command names it, then it is counted once as NOT_FOUND", async () => {
    await register('command-1', registration({ region: 'LIBEREC' })).catch(() => undefined);
    const before = await commandOutcomes(metrics);

    const outcome = gateway.execute({
      name: 'RegisterClient',
      streamId: clientStreamId(CLIENT_ID),
      decider: clientDecider,
      command: registration({ region: 'LIBEREC' }),
      context: coordinator,
      commandId: 'command-2',
      readModels: ['clients'],
      scope: CLIENT_SCOPE,
    });

    expect(await codeOf(outcome)).toBe('NOT_FOUND');
    expect(await commandOutcomes(metrics)).toEqual({
      ...before,
      'RegisterClient NOT_FOUND': 1,
    });
  });

  it('given a recorded command whose read model lags, then the caller hears READ_MODEL.LAGGING and it is counted once, as OK', async () => {
    const lagging = new CommandGateway(
      store,
      {
        waitFor: async () => {
          throw new ProjectionTimeoutError(1n, ['clients'], 5000);
        },
      } as unknown as ReadSide,
      metrics,
      fixedClock(NOW),
    );

    const outcome = lagging.execute({
      name: 'RegisterClient',
      streamId: clientStreamId(CLIENT_ID),
      decider: clientDecider,
      command: registration(),
      context: coordinator,
      commandId: 'command-1',
      readModels: ['clients'],
    });

    expect(await codeOf(outcome)).toBe('READ_MODEL.LAGGING');
    expect(await commandOutcomes(metrics)).toEqual({ 'RegisterClient OK': 1 });
  });

  it('given outcomes of every kind, then the metrics name commands and codes only, never the client', async () => {
    await register('command-1');
    await codeOf(register('command-2'));
    await codeOf(register('command-3', registration({ clientId: 'c-2', name: '' })));

    const text = await metrics.registry.metrics();

    expect(text).toContain('pruvodce_command_outcomes_total{command="RegisterClient",code="OK"} 1');
    expect(text).not.toContain(CLIENT_NAME);
    expect(text).not.toContain('amina@example.org');
    expect(text).not.toContain(CLIENT_ID);
  });
});
