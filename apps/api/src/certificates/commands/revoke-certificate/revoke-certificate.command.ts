import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../../platform/auth/request-context';
import type { RevokeCertificateInput } from './revoke-certificate.input';
import type { RevokeCertificatePayload } from './revoke-certificate.payload';

export class RevokeCertificateCommand extends Command<RevokeCertificatePayload> {
  constructor(
    readonly input: RevokeCertificateInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
