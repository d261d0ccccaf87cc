import type { RecordedEvent } from '@app/event-store';
import { certificatesProjection, type CertificateDocument } from './certificates.projection';

let position = 0n;
const recorded = (type: string, data: Record<string, unknown>, streamId = 'volunteer-v-1'): RecordedEvent =>
  ({
    streamId,
    revision: Number(position),
    position: ++position,
    eventId: `e-${position}`,
    type,
    data,
    metadata: {} as RecordedEvent['metadata'],
    recordedAt: '2025-07-15T00:00:00.000Z',
  }) as RecordedEvent;

const issued = recorded('CertificateIssued', {
  certificateNo: 'PRV-2025-00001',
  verificationCode: 'ABCDE-FGHJK',
  policyVersion: '2025-1',
  serviceFrom: '2025-01-15',
  serviceTo: '2025-07-15',
  approvedHours: 40.25,
  activities: ['CZECH_PRACTICE'],
  issuedOn: '2025-07-15',
});

const apply = (events: RecordedEvent[]): CertificateDocument | null =>
  events.reduce<CertificateDocument | null>(
    (document, event) =>
      certificatesProjection.documentId(event) === null
        ? document
        : certificatesProjection.evolve(document, event),
    null,
  );

describe('certificates projection', () => {
  it('given CertificateIssued, then a valid certificate keyed by its number with the issued facts', () => {
    expect(certificatesProjection.documentId(issued)).toBe('PRV-2025-00001');
    expect(apply([issued])).toEqual({
      certificateNo: 'PRV-2025-00001',
      volunteerId: 'v-1',
      verificationCode: 'ABCDE-FGHJK',
      policyVersion: '2025-1',
      serviceFrom: '2025-01-15',
      serviceTo: '2025-07-15',
      approvedHours: 40.25,
      activities: ['CZECH_PRACTICE'],
      issuedOn: '2025-07-15',
      status: 'VALID',
      revokedAt: null,
      revocationReasonCode: null,
    });
  });

  it('given CertificateIssued then CertificateRevoked, then the certificate is revoked with its reason', () => {
    const revoked = recorded('CertificateRevoked', {
      certificateNo: 'PRV-2025-00001',
      reasonCode: 'ISSUED_IN_ERROR',
      revokedAt: '2025-08-01T10:00:00.000Z',
    });
    expect(apply([issued, revoked])).toMatchObject({
      status: 'REVOKED',
      revokedAt: '2025-08-01T10:00:00.000Z',
      revocationReasonCode: 'ISSUED_IN_ERROR',
    });
  });

  it('given a revocation without an issued certificate, then there is no document', () => {
    const revoked = recorded('CertificateRevoked', {
      certificateNo: 'PRV-2025-00009',
      reasonCode: 'X',
      revokedAt: '2025-08-01T10:00:00.000Z',
    });
    expect(apply([revoked])).toBeNull();
  });
});
