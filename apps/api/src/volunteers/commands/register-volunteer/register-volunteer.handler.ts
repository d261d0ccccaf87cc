import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { forbidden, principalOf, VolunteerCommandRunner } from '../../volunteer-command-runner';
import { RegisterVolunteerCommand } from './register-volunteer.command';
import type { RegisterVolunteerPayload } from './register-volunteer.payload';

@CommandHandler(RegisterVolunteerCommand)
export class RegisterVolunteerHandler implements ICommandHandler<RegisterVolunteerCommand> {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly runner: VolunteerCommandRunner,
  ) {}

  async execute({ input, context }: RegisterVolunteerCommand): Promise<RegisterVolunteerPayload> {
    const principal = principalOf(context);
    // Registering someone into a region one does not serve would create a record one cannot see afterwards.
    if (
      principal.role === 'COORDINATOR' &&
      !input.regions.every((region) => principal.regions.includes(region))
    ) {
      throw forbidden();
    }
    const commandId = this.gateway.commandId(input.commandId);
    const volunteerId = this.gateway.newEntityId('RegisterVolunteer', commandId);
    return this.runner.run('RegisterVolunteer', context, volunteerId, commandId, (base) => ({
      type: 'RegisterVolunteer',
      data: {
        ...base,
        name: input.name,
        email: input.email,
        phone: input.phone,
        dateOfBirth: input.dateOfBirth,
        languages: input.languages,
        regions: input.regions,
        availability: input.availability.map((slot) => ({ day: slot.day, part: slot.part })),
        interests: input.interests,
      },
    }));
  }
}
