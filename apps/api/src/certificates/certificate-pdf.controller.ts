import { Controller, Get, HttpException, HttpStatus, Inject, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  IDENTITY_PROVIDER_UNAVAILABLE,
  type AppConfig,
  type Principal,
  type TokenVerifier,
} from '@app/platform';
import { checkBearer } from '../platform/auth/bearer';
import { APP_CONFIG, TOKEN_VERIFIER } from '../platform/tokens';
import { CertificateReader } from './certificate-reader';
import { renderCertificatePdf } from './pdf/certificate-pdf';

const PDF_FILE = /^([A-Z]{2,8}-\d{4}-\d{5,})\.pdf$/;

const httpError = (status: HttpStatus, code: string): HttpException => new HttpException({ code }, status);

/**
 * `GET /certificates/<number>.pdf` with a bearer token: a COORDINATOR of one of the holder's regions, or an
 * ADMIN. GraphQL's guard does not cover plain HTTP routes, so the token and roles are checked here.
 */
@Controller('certificates')
export class CertificatePdfController {
  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reader: CertificateReader,
  ) {}

  @Get(':file')
  async download(
    @Param('file') file: string,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const principal = await this.principalOf(req);
    if (principal.role !== 'COORDINATOR' && principal.role !== 'ADMIN')
      throw httpError(HttpStatus.FORBIDDEN, 'FORBIDDEN');
    const number = PDF_FILE.exec(file)?.[1];
    if (number === undefined) throw httpError(HttpStatus.NOT_FOUND, 'NOT_FOUND');
    const certificate = await this.reader.visibleCertificate(principal, number).catch(() => {
      throw httpError(HttpStatus.NOT_FOUND, 'NOT_FOUND');
    });
    const holder = await this.reader.volunteer(certificate.volunteerId);
    const pdf = await renderCertificatePdf({
      programName: this.config.certificates.programName,
      accreditation: this.config.certificates.accreditation,
      holderName: holder?.name ?? '—',
      certificateNo: certificate.certificateNo,
      verificationCode: certificate.verificationCode,
      policyVersion: certificate.policyVersion,
      serviceFrom: certificate.serviceFrom,
      serviceTo: certificate.serviceTo,
      approvedHours: certificate.approvedHours,
      activities: certificate.activities,
      issuedOn: certificate.issuedOn,
      revoked: certificate.status === 'REVOKED',
    });
    await res
      .code(200)
      .headers({
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${certificate.certificateNo}.pdf"`,
        'cache-control': 'no-store',
      })
      .send(pdf);
  }

  private async principalOf(req: FastifyRequest): Promise<Principal> {
    const { principal, identityProviderUnavailable } = await checkBearer(
      this.verifier,
      req.headers.authorization,
    );
    if (identityProviderUnavailable)
      throw httpError(HttpStatus.SERVICE_UNAVAILABLE, IDENTITY_PROVIDER_UNAVAILABLE);
    if (principal === null) throw httpError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED');
    return principal;
  }
}
