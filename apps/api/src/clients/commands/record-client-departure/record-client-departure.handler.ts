import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clientStreamId, dateOf, clientDecider } from '@app/domain';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { ClientReader } from '../../client-reader';
import { toClientNode } from '../../model/client.views';
import { CLIENT_READ_MODELS, CLIENT_SCOPE, principalOf } from '../client-command.support';
import { RecordClientDepartureCommand } from './record-client-departure.command';
import type { RecordClientDeparturePayload } from './record-client-departure.payload';

@CommandHandler(RecordClientDepartureCommand)
export class RecordClientDepartureHandler implements ICommandHandler<RecordClientDepartureCommand> {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly reader: ClientReader,
  ) {}

  async execute({ input, context }: RecordClientDepartureCommand): Promise<RecordClientDeparturePayload> {
    const principal = principalOf(context);
    const commandId = this.gateway.commandId(input.commandId);
    const now = this.gateway.now();
    const result = await this.gateway.execute({
      name: 'RecordClientDeparture',
      streamId: clientStreamId(input.clientId),
      decider: clientDecider,
      command: {
        type: 'RecordClientDeparture',
        data: {
          clientId: input.clientId,
          leftOn: input.leftOn ?? dateOf(now),
          reasonCode: input.reasonCode,
          now,
        },
      },
      context,
      commandId,
      readModels: CLIENT_READ_MODELS,
      scope: CLIENT_SCOPE,
    });
    const client = await this.reader.visible(principal, input.clientId);
    return { client: toClientNode(client), position: result.position.toString() };
  }
}
