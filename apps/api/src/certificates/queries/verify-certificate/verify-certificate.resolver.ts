import { timingSafeEqual } from 'node:crypto';
import { Args, ArgsType, Field, Query, Resolver } from '@nestjs/graphql';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Public } from '../../../platform/auth/auth.decorators';
import { CertificateVerificationModel, CertificateVerificationStatusEnum } from '../../certificate.model';
import { CertificateReader } from '../../certificate-reader';

@ArgsType()
export class VerifyCertificateArgs {
  @Field({ description: 'The certificate number, e.g. PRV-2026-00001.' })
  @IsString()
  @Matches(/^[A-Z]{2,8}-\d{4}-\d{5,}$/, { message: 'number must look like PRV-2026-00001' })
  number!: string;

  @Field({ description: 'The verification code printed on the certificate.' })
  @IsString()
  @MaxLength(32)
  code!: string;
}

const NOT_FOUND: CertificateVerificationModel = {
  valid: false,
  status: CertificateVerificationStatusEnum.NOT_FOUND,
  holderName: null,
  serviceFrom: null,
  serviceTo: null,
};

const sameCode = (expected: string, given: string): boolean => {
  const a = Buffer.from(expected.toUpperCase());
  const b = Buffer.from(given.trim().toUpperCase());
  return a.length === b.length && timingSafeEqual(a, b);
};

@Resolver()
export class VerifyCertificateResolver {
  constructor(private readonly reader: CertificateReader) {}

  @Query(() => CertificateVerificationModel, {
    description: 'Anyone may check a certificate by its number and code: validity, holder and period only.',
  })
  @Public()
  async verifyCertificate(@Args() args: VerifyCertificateArgs): Promise<CertificateVerificationModel> {
    const certificate = await this.reader.byNumber(args.number);
    if (certificate === null || !sameCode(certificate.verificationCode, args.code)) return NOT_FOUND;
    const holder = await this.reader.volunteer(certificate.volunteerId);
    const revoked = certificate.status === 'REVOKED';
    return {
      valid: !revoked,
      status: revoked ? CertificateVerificationStatusEnum.REVOKED : CertificateVerificationStatusEnum.VALID,
      holderName: holder?.name ?? null,
      serviceFrom: certificate.serviceFrom,
      serviceTo: certificate.serviceTo,
    };
  }
}
