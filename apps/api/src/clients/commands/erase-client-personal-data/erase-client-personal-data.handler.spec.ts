import { GraphQLError } from 'graphql';
import { clientDecider, clientStreamId, PERSONAL_DATA_FIELDS } from '@app/domain';
import {
  definePersonalDataPolicy,
  MasterKey,
  openSqliteEventStore,
  openSqliteSubjectKeyStore,
  SealingEventStore,
  SUBJECT_KEY_DESTROYED,
  type EventStore,
  type SubjectKeyStore,
} from '@app/event-store';
import { Metrics, fixedClock } from '@app/platform';
import { ProjectionTimeoutError } from '@app/read-models';
import type { Runtime } from '../../../../../worker/src/runtime/runtime';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import type { ReadSide } from '../../../platform/read-side';
import { requestContextOf } from '../../../platform/testing/request-context';
import type { ClientReader } from '../../client-reader';
import { EraseClientPersonalDataCommand } from './erase-client-personal-data.command';
import { EraseClientPersonalDataHandler } from './erase-client-personal-data.handler';

const NOW = '2026-03-10T10:00:00.000Z';
const CLIENT_ID = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const admin = requestContextOf({ subject: 'admin-1', role: 'ADMIN', regions: [] }, 'correlation-1');

/** The read side of a projection that has fallen behind: every wait times out. */
const laggingReadSide = {
  waitFor: async () => {
    throw new ProjectionTimeoutError(1n, ['clients'], 5000);
  },
} as unknown as ReadSide;

describe('erasing a client while the read models lag', () => {
  let raw: EventStore;
  let keys: SubjectKeyStore;
  let gateway: CommandGateway;
  let handler: EraseClientPersonalDataHandler;
  const streamId = clientStreamId(CLIENT_ID);

  beforeEach(async () => {
    raw = openSqliteEventStore({ filename: ':memory:' });
    keys = openSqliteSubjectKeyStore({ masterKey: MasterKey.generate() });
    const sealed = new SealingEventStore(raw, keys, definePersonalDataPolicy(PERSONAL_DATA_FIELDS));
    gateway = new CommandGateway(sealed, laggingReadSide, new Metrics(), fixedClock(NOW));
    const purgeOverwritten = jest.fn(async () => undefined);
    handler = new EraseClientPersonalDataHandler(
      gateway,
      { visible: async () => ({}) } as unknown as ClientReader,
      { keys, documents: { purgeOverwritten } } as unknown as Pick<Runtime, 'keys' | 'documents'>,
    );
    await gateway.execute({
      name: 'RegisterClient',
      streamId,
      decider: clientDecider,
      command: {
        type: 'RegisterClient',
        data: {
          clientId: CLIENT_ID,
          name: 'Amina Haddad',
          contact: { email: 'amina@example.org' },
          countryOfOrigin: 'SY',
          languages: ['ar'],
          region: 'PRAGUE',
          needs: ['CZECH_PRACTICE'],
          now: NOW,
        },
      },
      context: admin,
      commandId: 'register-1',
      readModels: [],
    });
    expect(Buffer.isBuffer(await keys.get(streamId))).toBe(true);
  });

  afterEach(async () => {
    await keys.close();
    await raw.close();
  });

  const erase = (commandId?: string) =>
    handler.execute(
      new EraseClientPersonalDataCommand(
        { clientId: CLIENT_ID, ...(commandId === undefined ? {} : { commandId }) },
        admin,
      ),
    );
  const codeOf = (error: unknown): unknown => (error instanceof GraphQLError ? error.extensions.code : error);

  it('given a read model that does not catch up in time, when a client is erased, then the caller hears READ_MODEL.LAGGING and the key is destroyed all the same', async () => {
    const error: unknown = await erase().catch((caught: unknown) => caught);

    expect(codeOf(error)).toBe('READ_MODEL.LAGGING');
    expect(await keys.get(streamId)).toBe(SUBJECT_KEY_DESTROYED);
  });

  it('given an erasure recorded whose key survived, when erasure is asked again under a new key, then CLIENT.ERASED and the key is destroyed', async () => {
    await gateway.execute({
      name: 'EraseClientPersonalData',
      streamId,
      decider: clientDecider,
      command: {
        type: 'EraseClientPersonalData',
        data: { clientId: CLIENT_ID, requestedBy: 'admin-1', reasonCode: 'DATA_SUBJECT_REQUEST', now: NOW },
      },
      context: admin,
      commandId: 'erase-first',
      readModels: [],
    });
    expect(Buffer.isBuffer(await keys.get(streamId))).toBe(true);

    const error: unknown = await erase('erase-again').catch((caught: unknown) => caught);

    expect(codeOf(error)).toBe('CLIENT.ERASED');
    expect(await keys.get(streamId)).toBe(SUBJECT_KEY_DESTROYED);
  });
});
