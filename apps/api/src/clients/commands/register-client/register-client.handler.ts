import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clientStreamId, type ClientContact, clientDecider } from '@app/domain';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { canSeeRegion } from '../../../shared/regions';
import { ClientReader } from '../../client-reader';
import { toClientNode } from '../../model/client.views';
import { CLIENT_READ_MODELS, outsideYourRegions, principalOf } from '../client-command.support';
import { RegisterClientCommand } from './register-client.command';
import type { RegisterClientPayload } from './register-client.payload';

@CommandHandler(RegisterClientCommand)
export class RegisterClientHandler implements ICommandHandler<RegisterClientCommand> {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly reader: ClientReader,
  ) {}

  async execute({ input, context }: RegisterClientCommand): Promise<RegisterClientPayload> {
    const principal = principalOf(context);
    if (!canSeeRegion(principal, input.region)) throw outsideYourRegions();
    const commandId = this.gateway.commandId(input.commandId);
    const clientId = this.gateway.newEntityId('RegisterClient', commandId);
    const contact: ClientContact = {
      ...(input.email ? { email: input.email } : {}),
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.address ? { address: input.address } : {}),
    };
    const result = await this.gateway.execute({
      name: 'RegisterClient',
      streamId: clientStreamId(clientId),
      decider: clientDecider,
      command: {
        type: 'RegisterClient',
        data: {
          clientId,
          name: input.name,
          contact,
          ...(input.dateOfBirth ? { dateOfBirth: input.dateOfBirth } : {}),
          countryOfOrigin: input.countryOfOrigin,
          languages: input.languages,
          region: input.region,
          needs: input.needs,
          now: this.gateway.now(),
        },
      },
      context,
      commandId,
      readModels: CLIENT_READ_MODELS,
    });
    const client = await this.reader.visible(principal, clientId);
    return { client: toClientNode(client), position: result.position.toString() };
  }
}
