import { buildSchema, execute, GraphQLError, parse } from 'graphql';
import { clientDecider, clientStreamId } from '@app/domain';
import {
  CommandConflictError,
  DEFAULT_MAX_RETRIES,
  openSqliteEventStore,
  type EventToAppend,
  type SqliteEventStore,
} from '@app/event-store';
import { withConcurrentWriter } from '@app/event-store/testing';
import { fixedClock, Metrics, type Principal } from '@app/platform';
import type { DocumentStore } from '@app/read-models';
import { CLIENT_READ_MODELS, CLIENT_SCOPE } from '../../clients/commands/client-command.support';
import { formatGraphQLError } from '../graphql-errors';
import type { ReadSide } from '../read-side';
import { toClientError } from './command-errors';
import { counterValues } from '@app/platform/testing/counter-values';
import { CommandGateway } from './command-gateway';
import { requestContextOf } from '../testing/request-context';

const clientId = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const streamId = clientStreamId(clientId);
const NOW = '2026-03-02T09:00:00.000Z';
const principal: Principal = { subject: 'coordinator-prague', role: 'COORDINATOR', regions: ['PRAGUE'] };
const context = requestContextOf(principal, 'corr-conflict-1');

/** What must never reach the client in a conflict's answer: the stream, the ids, the contact sent, a stack. */
function expectNothingInternal(text: string): void {
  for (const internal of [
    streamId,
    clientId,
    'client-',
    'update-1',
    'rival-',
    'corr-conflict-1',
    '777 123 456',
  ])
    expect(text).not.toContain(internal);
  expect(text).not.toMatch(/stacktrace|\bat .*\.[jt]s:\d+|\n\s+at /);
  expect(text).not.toMatch(/\d+ attempts/);
}

describe('toClientError', () => {
  it('given a command whose stream kept changing on every retry, when mapped, then CONFLICT with a message naming no stream, id or attempt count', () => {
    const conflict = new CommandConflictError(streamId, DEFAULT_MAX_RETRIES + 1);
    expect(conflict.message).toContain(streamId);

    const mapped = toClientError(conflict);

    expect(mapped).toBeInstanceOf(GraphQLError);
    const error = mapped as GraphQLError;
    expect(error.extensions).toEqual({ code: 'CONFLICT' });
    expect(error.message).toBe(
      'The record changed while the command ran; send it again with the same commandId',
    );
    expectNothingInternal(error.message);
    expectNothingInternal(JSON.stringify(error.toJSON()));
  });
});

describe('CommandGateway when another writer always lands first', () => {
  let store: SqliteEventStore;
  let racing: ReturnType<typeof withConcurrentWriter>;
  let overtaking: boolean;
  let readSide: ReadSide & { waitFor: jest.Mock };
  let metrics: Metrics;
  let gateway: CommandGateway;

  /** A rival coordinator's contact update, which lands before each append of ours while `overtaking`. */
  const rivalUpdate = (round: number): EventToAppend | null =>
    overtaking
      ? {
          type: 'ClientContactUpdated',
          data: { contact: { email: `rival${round}@example.org` }, updatedAt: NOW },
          metadata: {
            commandId: `rival-${round}`,
            correlationId: `rival-${round}`,
            causationId: null,
            actor: { id: 'coordinator-other', role: 'COORDINATOR' },
            occurredAt: NOW,
            schemaVersion: 1,
          },
        }
      : null;

  const updateContact = (commandId: string) =>
    gateway.execute({
      name: 'UpdateClientContact',
      streamId,
      decider: clientDecider,
      command: {
        type: 'UpdateClientContact',
        data: { clientId, contact: { phone: '+420 777 123 456' }, now: NOW },
      },
      context,
      commandId,
      readModels: CLIENT_READ_MODELS,
      scope: CLIENT_SCOPE,
    });

  const ours = async (commandId: string) =>
    (await store.readStream(streamId)).filter((event) => event.metadata.commandId === commandId);

  const conflicts = async (): Promise<number | undefined> =>
    (await counterValues(metrics, 'pruvodce_command_outcomes_total', ['command', 'code']))[
      'UpdateClientContact CONFLICT'
    ];

  beforeEach(async () => {
    store = openSqliteEventStore({ filename: ':memory:' });
    overtaking = false;
    readSide = {
      documents: {} as DocumentStore,
      waitFor: jest.fn(() => Promise.resolve()),
      collection: (name) => Promise.resolve(name),
    };
    metrics = new Metrics();
    racing = withConcurrentWriter(store, streamId, rivalUpdate);
    gateway = new CommandGateway(racing, readSide, metrics, fixedClock(NOW));
    await gateway.execute({
      name: 'RegisterClient',
      streamId,
      decider: clientDecider,
      command: {
        type: 'RegisterClient',
        data: {
          clientId,
          name: 'Olena Kovalenko',
          contact: { email: 'olena@example.org' },
          countryOfOrigin: 'UA',
          languages: ['uk'],
          region: 'PRAGUE',
          needs: ['CZECH_PRACTICE'],
          now: NOW,
        },
      },
      context,
      commandId: 'register-1',
      readModels: [],
    });
    overtaking = true;
  });

  afterEach(async () => {
    await store.close();
  });

  it('given retries exhausted, when the contact update is executed, then CONFLICT is thrown, nothing of it is appended and nothing is awaited', async () => {
    const head = await store.headPosition();

    const failure = await updateContact('update-1').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(GraphQLError);
    expect((failure as GraphQLError).extensions).toEqual({ code: 'CONFLICT' });
    expectNothingInternal((failure as GraphQLError).message);
    expect(racing.rounds()).toBe(DEFAULT_MAX_RETRIES + 1);
    expect(await ours('update-1')).toEqual([]);
    // Only the rival's updates moved the store on.
    expect(await store.headPosition()).toBe(head + BigInt(racing.rounds()));
    expect(readSide.waitFor).not.toHaveBeenCalled();
    expect(await conflicts()).toBe(1);
  });

  it('given retries exhausted inside a mutation, when answered, then the client reads CONFLICT and nothing of the stream, ids, input or stack', async () => {
    const schema = buildSchema('type Query { ok: Boolean } type Mutation { updateClientContact: String }');
    const result = await execute({
      schema,
      document: parse('mutation { updateClientContact }'),
      rootValue: {
        updateClientContact: async () => (await updateContact('update-1')).position.toString(),
      },
    });

    const [error] = result.errors ?? [];
    expect(error).toBeDefined();
    const answered = formatGraphQLError((error as GraphQLError).toJSON(), error);
    expect(answered).toEqual({
      message: 'The record changed while the command ran; send it again with the same commandId',
      locations: [{ line: 1, column: 12 }],
      path: ['updateClientContact'],
      extensions: { code: 'CONFLICT' },
    });
    expectNothingInternal(JSON.stringify(answered));
    expect(await ours('update-1')).toEqual([]);
  });

  it('given a conflict answered, when the same command is sent again once the store is quiet, then it is applied once', async () => {
    await expect(updateContact('update-1')).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    overtaking = false;

    const again = await updateContact('update-1');

    expect(again.replayed).toBe(false);
    expect((await ours('update-1')).map((event) => event.type)).toEqual(['ClientContactUpdated']);
    expect(readSide.waitFor).toHaveBeenCalledWith(again.position, CLIENT_READ_MODELS, expect.any(Number));
  });
});
