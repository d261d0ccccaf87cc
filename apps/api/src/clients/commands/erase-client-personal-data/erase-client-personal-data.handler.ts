import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GraphQLError } from 'graphql';
import { clientStreamId, clientDecider } from '@app/domain';
import { eraseSubject } from '@app/event-store';
import type { Runtime } from '../../../../../worker/src/runtime/runtime';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { RUNTIME } from '../../../platform/tokens';
import { ClientReader } from '../../client-reader';
import { toClientNode } from '../../model/client.views';
import { CLIENT_READ_MODELS, CLIENT_SCOPE, principalOf } from '../client-command.support';
import { EraseClientPersonalDataCommand } from './erase-client-personal-data.command';
import type { EraseClientPersonalDataPayload } from './erase-client-personal-data.payload';

export const DEFAULT_ERASURE_REASON = 'DATA_SUBJECT_REQUEST';

@CommandHandler(EraseClientPersonalDataCommand)
export class EraseClientPersonalDataHandler implements ICommandHandler<EraseClientPersonalDataCommand> {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly reader: ClientReader,
    @Inject(RUNTIME) private readonly runtime: Pick<Runtime, 'keys' | 'documents'>,
  ) {}

  async execute({ input, context }: EraseClientPersonalDataCommand): Promise<EraseClientPersonalDataPayload> {
    const principal = principalOf(context);
    const commandId = this.gateway.commandId(input.commandId);
    const streamId = clientStreamId(input.clientId);
    // Crypto-shredding after the event is recorded (never before: a failed append must not lose the data), and
    // before the wait for the read models, so that a wait that times out cannot leave the key behind. Also on a
    // re-send, and on a refusal because the client is already erased, so that a destroy that failed the first
    // time is completed by the next request; destroying is idempotent.
    const shred = (): Promise<void> => eraseSubject(this.runtime.keys, streamId);
    const result = await this.gateway
      .execute({
        name: 'EraseClientPersonalData',
        streamId,
        decider: clientDecider,
        command: {
          type: 'EraseClientPersonalData',
          data: {
            clientId: input.clientId,
            requestedBy: principal.subject,
            reasonCode: input.reasonCode ?? DEFAULT_ERASURE_REASON,
            now: this.gateway.now(),
          },
        },
        context,
        commandId,
        readModels: CLIENT_READ_MODELS,
        scope: CLIENT_SCOPE,
        // Only once the stream says the client is erased: a commandId replaying some other, older command of
        // this client (recorded before fingerprints) must not shred anything.
        afterRecorded: async (state) => {
          if (state.erased) await shred();
        },
      })
      .catch(async (error: unknown) => {
        if (error instanceof GraphQLError && error.extensions.code === 'CLIENT.ERASED') await shred();
        throw error;
      });
    // The read models already show the erasure (the gateway waited for them); their earlier versions, names and
    // contacts included, must not live on in the store's files either.
    await this.runtime.documents.purgeOverwritten();
    const client = await this.reader.visible(principal, input.clientId);
    return { client: toClientNode(client), position: result.position.toString() };
  }
}
