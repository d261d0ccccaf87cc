import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { clientStreamId, type Purpose, clientDecider } from '@app/domain';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { ClientReader } from '../../client-reader';
import { consentView } from '../consent-payload';
import { CLIENT_SCOPE, CONSENT_READ_MODELS, principalOf } from '../client-command.support';
import { GiveConsentCommand } from './give-consent.command';
import type { GiveConsentPayload } from './give-consent.payload';

@CommandHandler(GiveConsentCommand)
export class GiveConsentHandler implements ICommandHandler<GiveConsentCommand> {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly reader: ClientReader,
  ) {}

  async execute({ input, context }: GiveConsentCommand): Promise<GiveConsentPayload> {
    principalOf(context); // UNAUTHENTICATED before anything is read or decided
    const commandId = this.gateway.commandId(input.commandId);
    const consentId = this.gateway.newEntityId('GiveConsent', commandId);
    const now = this.gateway.now();
    const result = await this.gateway.execute({
      name: 'GiveConsent',
      streamId: clientStreamId(input.clientId),
      decider: clientDecider,
      command: {
        type: 'GiveConsent',
        data: {
          clientId: input.clientId,
          consentId,
          purposes: input.purposes as Purpose[],
          dataCategories: input.dataCategories,
          recipients: input.recipients,
          lawfulBasis: input.lawfulBasis,
          givenOn: input.givenOn,
          ...(input.expiresOn ? { expiresOn: input.expiresOn } : {}),
          method: input.method,
          evidenceRef: input.evidenceRef,
          noticeVersion: input.noticeVersion,
          language: input.language,
          interpreterUsed: input.interpreterUsed ?? false,
          now,
        },
      },
      context,
      commandId,
      readModels: CONSENT_READ_MODELS,
      scope: CLIENT_SCOPE,
    });
    const consent = await this.reader.consent(input.clientId, consentId);
    return {
      consent: consentView(consent, this.gateway.now()),
      position: result.position.toString(),
    };
  }
}
