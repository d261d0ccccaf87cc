import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { GraphQLError } from 'graphql';
import { clientStreamId, type Purpose, clientDecider } from '@app/domain';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { DisclosureOutcomeEnum } from '../../model/client.enums';
import { CLIENT_SCOPE, DISCLOSURE_READ_MODELS, principalOf } from '../client-command.support';
import { DiscloseInformationCommand } from './disclose-information.command';
import type { DiscloseInformationPayload } from './disclose-information.payload';

@CommandHandler(DiscloseInformationCommand)
export class DiscloseInformationHandler implements ICommandHandler<DiscloseInformationCommand> {
  constructor(private readonly gateway: CommandGateway) {}

  async execute({ input, context }: DiscloseInformationCommand): Promise<DiscloseInformationPayload> {
    const principal = principalOf(context);
    const commandId = this.gateway.commandId(input.commandId);
    const disclosureId = this.gateway.newEntityId('DiscloseInformation', commandId);
    // Decided on the client's stream under its revision: a concurrent withdrawal and this disclosure cannot
    // both succeed unseen.
    const result = await this.gateway.execute({
      name: 'DiscloseInformation',
      streamId: clientStreamId(input.clientId),
      decider: clientDecider,
      command: {
        type: 'DiscloseInformation',
        data: {
          clientId: input.clientId,
          disclosureId,
          recipient: input.recipient,
          purpose: input.purpose as Purpose,
          dataCategories: input.dataCategories,
          ...(input.legalObligation ? { legalObligation: input.legalObligation } : {}),
          requestedBy: principal.subject,
          now: this.gateway.now(),
        },
      },
      context,
      commandId,
      readModels: DISCLOSURE_READ_MODELS,
      scope: CLIENT_SCOPE,
    });
    const outcome = result.events.find(
      (event) =>
        (event.type === 'InformationDisclosed' || event.type === 'DisclosureRefused') &&
        event.data.disclosureId === disclosureId,
    );
    if (outcome === undefined) {
      throw new GraphQLError('That commandId was already used for another command', {
        extensions: { code: 'COMMAND.ID_REUSED' },
      });
    }
    const refused = outcome.type === 'DisclosureRefused';
    return {
      outcome: refused ? DisclosureOutcomeEnum.REFUSED : DisclosureOutcomeEnum.DISCLOSED,
      disclosureId,
      refusalCode: refused && typeof outcome.data.reasonCode === 'string' ? outcome.data.reasonCode : null,
      position: result.position.toString(),
    };
  }
}
