import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { ArrangeInsuranceInput } from './arrange-insurance.input';
import type { ArrangeInsurancePayload } from './arrange-insurance.payload';

export class ArrangeInsuranceCommand extends Command<ArrangeInsurancePayload> {
  constructor(
    readonly input: ArrangeInsuranceInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
