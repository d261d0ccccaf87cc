import type { DomainEvent } from '../shared/decider';
import type { CalendarDate, Instant } from '../shared/reference-data';
import type { CertificateGrant } from './certificate-eligibility';

/**
 * A number taken from a year's sequence, together with everything the certificate will say. Appending it is
 * the decision to issue: whoever finds it (the same job retried, a duplicate job, the daily sweep) completes
 * the issue with exactly these facts, so a number once allocated is always used and the sequence has no gaps.
 */
export type CertificateNumberAllocated = DomainEvent<
  'CertificateNumberAllocated',
  {
    readonly certificateNo: string;
    readonly year: number;
    readonly sequence: number;
    readonly volunteerId: string;
    readonly policyVersion: string;
    readonly verificationCode: string;
    readonly serviceFrom: CalendarDate;
    readonly serviceTo: CalendarDate;
    readonly approvedHours: number;
    readonly activities: readonly string[];
    readonly allocatedAt: Instant;
  }
>;

export type CertificateAllocation = CertificateNumberAllocated['data'];

/**
 * The last event of a year's ledger, written before the first number of the next year is allocated: no number
 * of that year is allocated after it. A worker still in the closed year (a clock behind, or an evaluation
 * begun before midnight) allocates in the next one, where it finds the volunteer's allocation if another worker
 * made it, so one volunteer cannot hold two numbers of one policy version, one in each year.
 */
export type CertificateNumberYearClosed = DomainEvent<
  'CertificateNumberYearClosed',
  { readonly year: number; readonly closedAt: Instant }
>;

/** One allocation per volunteer and policy version. */
export const allocationKey = (volunteerId: string, policyVersion: string): string =>
  `${volunteerId}:${policyVersion}`;

export const allocationFor = (
  grant: CertificateGrant,
  volunteerId: string,
  facts: {
    certificateNo: string;
    year: number;
    sequence: number;
    verificationCode: string;
    allocatedAt: Instant;
  },
): CertificateAllocation => ({
  certificateNo: facts.certificateNo,
  year: facts.year,
  sequence: facts.sequence,
  volunteerId,
  policyVersion: grant.policyVersion,
  verificationCode: facts.verificationCode,
  serviceFrom: grant.serviceFrom,
  serviceTo: grant.serviceTo,
  approvedHours: grant.approvedHours,
  activities: [...grant.activities],
  allocatedAt: facts.allocatedAt,
});
