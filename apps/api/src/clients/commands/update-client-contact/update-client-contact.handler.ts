import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clientStreamId, type ClientContact, clientDecider } from '@app/domain';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { ClientReader } from '../../client-reader';
import { toClientNode } from '../../model/client.views';
import { CLIENT_READ_MODELS, CLIENT_SCOPE, principalOf } from '../client-command.support';
import { UpdateClientContactCommand } from './update-client-contact.command';
import type { UpdateClientContactPayload } from './update-client-contact.payload';

@CommandHandler(UpdateClientContactCommand)
export class UpdateClientContactHandler implements ICommandHandler<UpdateClientContactCommand> {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly reader: ClientReader,
  ) {}

  async execute({ input, context }: UpdateClientContactCommand): Promise<UpdateClientContactPayload> {
    const principal = principalOf(context);
    const commandId = this.gateway.commandId(input.commandId);
    const contact: ClientContact = {
      ...(input.email ? { email: input.email } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.address ? { address: input.address } : {}),
    };
    const result = await this.gateway.execute({
      name: 'UpdateClientContact',
      streamId: clientStreamId(input.clientId),
      decider: clientDecider,
      command: {
        type: 'UpdateClientContact',
        data: { clientId: input.clientId, contact, now: this.gateway.now() },
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
