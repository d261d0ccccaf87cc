import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { VolunteerCommandRunner } from '../../volunteer-command-runner';
import { SignVolunteerAgreementCommand } from './sign-volunteer-agreement.command';
import type { SignVolunteerAgreementPayload } from './sign-volunteer-agreement.payload';

@CommandHandler(SignVolunteerAgreementCommand)
export class SignVolunteerAgreementHandler implements ICommandHandler<SignVolunteerAgreementCommand> {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly runner: VolunteerCommandRunner,
  ) {}

  execute({ input, context }: SignVolunteerAgreementCommand): Promise<SignVolunteerAgreementPayload> {
    const commandId = this.gateway.commandId(input.commandId);
    return this.runner.onExisting(
      'SignVolunteerAgreement',
      context,
      input.volunteerId,
      commandId,
      (base) => ({
        type: 'SignVolunteerAgreement',
        data: {
          ...base,
          agreementId: input.agreementId ?? this.gateway.newEntityId('SignVolunteerAgreement', commandId),
          signedOn: input.signedOn,
          ...(input.validUntil === undefined || input.validUntil === null
            ? {}
            : { validUntil: input.validUntil }),
        },
      }),
    );
  }
}
