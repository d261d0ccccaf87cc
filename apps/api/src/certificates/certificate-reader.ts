import { Inject, Injectable } from '@nestjs/common';
import type { CertificateDocument } from '@app/read-models/certificates';
import type { Principal } from '@app/platform';
import { notFound } from '../platform/commands/command-errors';
import { READ_SIDE, getDocument, type ReadSide } from '../platform/read-side';
import { canSeeRegion } from '../shared/regions';

interface VolunteerView {
  readonly regions: readonly string[];
  /** 🔒 opened by the read model; `null` once erased. */
  readonly name: string | null;
}

/** Certificates and their holders from the read side, with the region rule applied in one place. */
@Injectable()
export class CertificateReader {
  constructor(@Inject(READ_SIDE) private readonly readSide: ReadSide) {}

  async byNumber(number: string): Promise<CertificateDocument | null> {
    return (await getDocument<CertificateDocument>(this.readSide, 'certificates', number))?.data ?? null;
  }

  async volunteer(volunteerId: string): Promise<VolunteerView | null> {
    const document = await getDocument(this.readSide, 'volunteers', volunteerId);
    if (document === null) return null;
    const { regions, name } = document.data;
    return {
      regions: Array.isArray(regions) ? regions.map(String) : [],
      name: typeof name === 'string' ? name : null,
    };
  }

  /** The volunteer if the caller may see them; otherwise NOT_FOUND, exactly as for an unknown id. */
  async visibleVolunteer(principal: Principal, volunteerId: string): Promise<VolunteerView> {
    const volunteer = await this.volunteer(volunteerId);
    if (volunteer === null || !volunteer.regions.some((region) => canSeeRegion(principal, region)))
      throw notFound('Volunteer');
    return volunteer;
  }

  /** The certificate if the caller may see its holder; otherwise NOT_FOUND. */
  async visibleCertificate(principal: Principal, number: string): Promise<CertificateDocument> {
    const certificate = await this.byNumber(number);
    if (certificate === null) throw notFound('Certificate');
    const volunteer = await this.volunteer(certificate.volunteerId);
    if (volunteer !== null && !volunteer.regions.some((region) => canSeeRegion(principal, region)))
      throw notFound('Certificate');
    if (volunteer === null && principal.role === 'COORDINATOR') throw notFound('Certificate');
    return certificate;
  }
}
