import { Module } from '@nestjs/common';

/** Certificates of Long-term Volunteer Service: queries, verification, revocation, PDF download. */
@Module({ providers: [], controllers: [] })
export class CertificatesModule {}
