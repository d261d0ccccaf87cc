import { Field, Float, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { CertificateDocument } from '@app/read-models/certificates';
import { DateScalar, DateTimeScalar } from '../shared/scalars';

export enum CertificateStatusEnum {
  VALID = 'VALID',
  REVOKED = 'REVOKED',
}
registerEnumType(CertificateStatusEnum, { name: 'CertificateStatus' });

export enum CertificateVerificationStatusEnum {
  VALID = 'VALID',
  REVOKED = 'REVOKED',
  /** No certificate with this number and code: a wrong code answers exactly as an unknown number. */
  NOT_FOUND = 'NOT_FOUND',
}
registerEnumType(CertificateVerificationStatusEnum, { name: 'CertificateVerificationStatus' });

@ObjectType('Certificate', { description: 'A Certificate of Long-term Volunteer Service.' })
export class CertificateModel {
  @Field({ description: '`<PREFIX>-YYYY-NNNNN`, sequential per year without gaps.' })
  number!: string;

  @Field(() => ID)
  volunteerId!: string;

  @Field({ description: 'Given to the holder with the certificate; verifies it without signing in.' })
  verificationCode!: string;

  @Field({ description: 'Version of the certificate policy the certificate was issued under.' })
  policyVersion!: string;

  @Field(() => DateScalar)
  serviceFrom!: string;

  @Field(() => DateScalar)
  serviceTo!: string;

  @Field(() => Float)
  approvedHours!: number;

  @Field(() => [String], { description: 'Kinds of activity (meeting activity codes).' })
  activities!: string[];

  @Field(() => DateScalar)
  issuedOn!: string;

  @Field(() => CertificateStatusEnum)
  status!: CertificateStatusEnum;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: string | null;

  @Field(() => String, { nullable: true })
  revocationReasonCode!: string | null;

  @Field({
    description: 'Path of the PDF, downloadable with the same bearer token: GET /certificates/<number>.pdf',
  })
  downloadPath!: string;
}

export const toCertificateModel = (document: CertificateDocument): CertificateModel => ({
  number: document.certificateNo,
  volunteerId: document.volunteerId,
  verificationCode: document.verificationCode,
  policyVersion: document.policyVersion,
  serviceFrom: document.serviceFrom,
  serviceTo: document.serviceTo,
  approvedHours: document.approvedHours,
  activities: [...document.activities],
  issuedOn: document.issuedOn,
  status: document.status === 'REVOKED' ? CertificateStatusEnum.REVOKED : CertificateStatusEnum.VALID,
  revokedAt: document.revokedAt,
  revocationReasonCode: document.revocationReasonCode,
  downloadPath: `/certificates/${document.certificateNo}.pdf`,
});

@ObjectType('CertificateVerification', {
  description: 'What anyone holding a number and its code may learn: validity, the holder and the period.',
})
export class CertificateVerificationModel {
  @Field()
  valid!: boolean;

  @Field(() => CertificateVerificationStatusEnum)
  status!: CertificateVerificationStatusEnum;

  @Field(() => String, { nullable: true })
  holderName!: string | null;

  @Field(() => DateScalar, { nullable: true })
  serviceFrom!: string | null;

  @Field(() => DateScalar, { nullable: true })
  serviceTo!: string | null;
}
