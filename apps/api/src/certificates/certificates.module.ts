import { Module } from '@nestjs/common';
import { CertificatePdfController } from './certificate-pdf.controller';
import { CertificateReader } from './certificate-reader';
import { RevokeCertificateHandler } from './commands/revoke-certificate/revoke-certificate.handler';
import { RevokeCertificateResolver } from './commands/revoke-certificate/revoke-certificate.resolver';
import { RemindersResolver } from './queries/reminders/reminders.resolver';
import { CertificatesResolver } from './queries/certificates/certificates.resolver';
import { VerifyCertificateResolver } from './queries/verify-certificate/verify-certificate.resolver';

/** Certificates of Long-term Volunteer Service: queries, verification, revocation, PDF download. */
@Module({
  providers: [
    CertificateReader,
    CertificatesResolver,
    VerifyCertificateResolver,
    RemindersResolver,
    RevokeCertificateHandler,
    RevokeCertificateResolver,
  ],
  controllers: [CertificatePdfController],
})
export class CertificatesModule {}
