import type { CertificateIssued, CertificateRevoked } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { JsonObject } from '../document-store.port';
import { defineProjection } from '../projection';

export type CertificateStatus = 'VALID' | 'REVOKED';

/**
 * One Certificate of Long-term Volunteer Service, keyed by its number. Ids, dates, hours and codes only: the
 * holder's name is read from `volunteers` when a certificate is shown, so erasure needs nothing here.
 */
export interface CertificateDocument extends JsonObject {
  certificateNo: string;
  volunteerId: string;
  verificationCode: string;
  policyVersion: string;
  serviceFrom: string;
  serviceTo: string;
  approvedHours: number;
  activities: string[];
  issuedOn: string;
  status: CertificateStatus;
  revokedAt: string | null;
  revocationReasonCode: string | null;
}

const VOLUNTEER_PREFIX = 'volunteer-';

export const certificatesProjection = defineProjection<CertificateDocument>({
  name: 'certificates',
  version: 1,
  handles: ['CertificateIssued', 'CertificateRevoked'],
  fields: [
    { name: 'volunteerId', type: 'string' },
    { name: 'status', type: 'string' },
    { name: 'issuedOn', type: 'string' },
  ],
  documentId: (event: RecordedEvent) =>
    event.streamId.startsWith(VOLUNTEER_PREFIX) && typeof event.data.certificateNo === 'string'
      ? event.data.certificateNo
      : null,
  evolve: (document, event) => {
    if (event.type === 'CertificateIssued') {
      if (document !== null) return document;
      const data = event.data as unknown as CertificateIssued['data'];
      return {
        certificateNo: data.certificateNo,
        volunteerId: event.streamId.slice(VOLUNTEER_PREFIX.length),
        verificationCode: data.verificationCode,
        policyVersion: data.policyVersion,
        serviceFrom: data.serviceFrom,
        serviceTo: data.serviceTo,
        approvedHours: data.approvedHours,
        activities: [...data.activities],
        issuedOn: data.issuedOn,
        status: 'VALID',
        revokedAt: null,
        revocationReasonCode: null,
      };
    }
    if (event.type === 'CertificateRevoked' && document !== null) {
      const data = event.data as unknown as CertificateRevoked['data'];
      return {
        ...document,
        status: 'REVOKED',
        revokedAt: data.revokedAt,
        revocationReasonCode: data.reasonCode,
      };
    }
    return document;
  },
});
