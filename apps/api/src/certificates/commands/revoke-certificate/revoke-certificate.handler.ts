import { VOLUNTEERS_READ_MODEL } from '@app/read-models/volunteers';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { volunteerDecider, volunteerStreamId } from '@app/domain';
import { notFound } from '../../../platform/commands/command-errors';
import { CommandGateway } from '../../../platform/commands/command-gateway';
import { toCertificateModel } from '../../certificate.model';
import { CertificateReader } from '../../certificate-reader';
import { RevokeCertificateCommand } from './revoke-certificate.command';
import type { RevokeCertificatePayload } from './revoke-certificate.payload';

@CommandHandler(RevokeCertificateCommand)
export class RevokeCertificateHandler implements ICommandHandler<RevokeCertificateCommand> {
  constructor(
    private readonly gateway: CommandGateway,
    private readonly reader: CertificateReader,
  ) {}

  async execute({ input, context }: RevokeCertificateCommand): Promise<RevokeCertificatePayload> {
    if (context.principal === null) throw new Error('unreachable: the guard requires a principal');
    const certificate = await this.reader.visibleCertificate(context.principal, input.number);
    const result = await this.gateway.execute({
      name: 'RevokeCertificate',
      streamId: volunteerStreamId(certificate.volunteerId),
      decider: volunteerDecider,
      command: {
        type: 'RevokeCertificate',
        data: {
          volunteerId: certificate.volunteerId,
          now: this.gateway.now(),
          certificateNo: certificate.certificateNo,
          reasonCode: input.reason,
        },
      },
      context,
      commandId: this.gateway.commandId(input.commandId),
      // The volunteer's own list of certificates shows the revocation too.
      readModels: ['certificates', VOLUNTEERS_READ_MODEL],
    });
    const after = await this.reader.byNumber(certificate.certificateNo);
    if (after === null) throw notFound('Certificate');
    return { certificate: toCertificateModel(after), position: result.position.toString() };
  }
}
