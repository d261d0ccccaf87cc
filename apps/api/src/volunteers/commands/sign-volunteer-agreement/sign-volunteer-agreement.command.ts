import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { SignVolunteerAgreementInput } from './sign-volunteer-agreement.input';
import type { SignVolunteerAgreementPayload } from './sign-volunteer-agreement.payload';

export class SignVolunteerAgreementCommand extends Command<SignVolunteerAgreementPayload> {
  constructor(
    readonly input: SignVolunteerAgreementInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
