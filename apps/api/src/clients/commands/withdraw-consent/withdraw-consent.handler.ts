import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clientStreamId, clientDecider } from '@app/domain';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { ClientReader } from '../../client-reader';
import { consentView } from '../consent-payload';
import { CLIENT_READ_MODELS, CLIENT_SCOPE, principalOf } from '../client-command.support';
import { WithdrawConsentCommand } from './withdraw-consent.command';
import type { WithdrawConsentPayload } from './withdraw-consent.payload';

@CommandHandler(WithdrawConsentCommand)
export class WithdrawConsentHandler implements ICommandHandler<WithdrawConsentCommand> {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly reader: ClientReader,
  ) {}

  async execute({ input, context }: WithdrawConsentCommand): Promise<WithdrawConsentPayload> {
    const principal = principalOf(context);
    const commandId = this.gateway.commandId(input.commandId);
    const now = this.gateway.now();
    const result = await this.gateway.execute({
      name: 'WithdrawConsent',
      streamId: clientStreamId(input.clientId),
      decider: clientDecider,
      command: {
        type: 'WithdrawConsent',
        data: {
          clientId: input.clientId,
          consentId: input.consentId,
          withdrawnOn: input.withdrawnOn ?? now,
          method: input.method,
          now,
        },
      },
      context,
      commandId,
      readModels: CLIENT_READ_MODELS,
      scope: CLIENT_SCOPE,
    });
    const client = await this.reader.visible(principal, input.clientId);
    return {
      consent: consentView(client, input.consentId, this.gateway.now()),
      position: result.position.toString(),
    };
  }
}
