import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { VolunteerCommandRunner } from '../../volunteer-command-runner';
import { ArrangeInsuranceCommand } from './arrange-insurance.command';
import type { ArrangeInsurancePayload } from './arrange-insurance.payload';

@CommandHandler(ArrangeInsuranceCommand)
export class ArrangeInsuranceHandler implements ICommandHandler<ArrangeInsuranceCommand> {
  constructor(private readonly runner: VolunteerCommandRunner) {}

  execute({ input, context }: ArrangeInsuranceCommand): Promise<ArrangeInsurancePayload> {
    return this.runner.onExisting(
      'ArrangeInsurance',
      context,
      input.volunteerId,
      input.commandId,
      (base) => ({
        type: 'ArrangeInsurance',
        data: { ...base, policyRef: input.policyRef, from: input.from, to: input.to },
      }),
    );
  }
}
