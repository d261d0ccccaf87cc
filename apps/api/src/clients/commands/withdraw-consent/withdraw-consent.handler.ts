import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clientStreamId, clientDecider } from '@app/domain';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { ClientReader } from '../../client-reader';
import { consentView } from '../consent-payload';
import { CLIENT_SCOPE, CONSENT_READ_MODELS, principalOf } from '../client-command.support';
import { WithdrawConsentCommand } from './withdraw-consent.command';
import type { WithdrawConsentPayload } from './withdraw-consent.payload';

@CommandHandler(WithdrawConsentCommand)
export class WithdrawConsentHandler implements ICommandHandler<WithdrawConsentCommand> {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly reader: ClientReader,
  ) {}

  async execute({ input, context }: WithdrawConsentCommand): Promise<WithdrawConsentPayload> {
    principalOf(context); // UNAUTHENTICATED before anything is read or decided
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
      readModels: CONSENT_READ_MODELS,
      scope: CLIENT_SCOPE,
    });
    const consent = await this.reader.consent(input.clientId, input.consentId);
    return {
      consent: consentView(consent, this.gateway.now()),
      position: result.position.toString(),
    };
  }
}
