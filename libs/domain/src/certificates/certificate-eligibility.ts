import type { CalendarDate } from '../shared/reference-data';
import { coversDay } from '../shared/time';
import type { MeetingActivity } from '../matching/match/match.events';
import type { CertificatePolicy } from './certificate-policy';
import type { ServiceRecord } from './service-record';

export const CERTIFICATE_CRITERIA = [
  'REGISTERED',
  'SERVICE_PERIOD',
  'APPROVED_HOURS',
  'INTRODUCTORY_COURSE',
  'SUPERVISIONS',
  'AGREEMENT_IN_FORCE',
] as const;
export type CertificateCriterion = (typeof CERTIFICATE_CRITERIA)[number];

/** What the certificate states when the policy is met. */
export interface CertificateGrant {
  readonly policyVersion: string;
  readonly serviceFrom: CalendarDate;
  readonly serviceTo: CalendarDate;
  readonly approvedHours: number;
  readonly activities: readonly MeetingActivity[];
}

export type CertificateEligibility =
  | { readonly eligible: true; readonly grant: CertificateGrant }
  | { readonly eligible: false; readonly unmet: readonly CertificateCriterion[] };

/** The same day `months` calendar months later; a day the month lacks becomes its last day (31 Aug + 6 → 28/29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = month - 1 + months;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

/** Hours are summed in whole quarter-hours, so that 160 × 0.25 is exactly 40. */
const QUARTERS_PER_HOUR = 4;
const toQuarters = (hours: number): number => Math.round(hours * QUARTERS_PER_HOUR);

/**
 * Evaluates the policy for one volunteer on one day. Pure: the same record, policy and day always give the
 * same answer, which is what lets retries, duplicate jobs and replays agree.
 *
 * The service period runs from the first approved meeting to the evaluation day (or the day the volunteer
 * left, if earlier); only meetings and supervisions inside it count.
 */
export function evaluateCertificateEligibility(
  policy: CertificatePolicy,
  record: ServiceRecord,
  today: CalendarDate,
): CertificateEligibility {
  const unmet: CertificateCriterion[] = [];
  const serviceTo = record.leftOn !== null && record.leftOn < today ? record.leftOn : today;
  const meetings = record.approvedMeetings
    .filter((meeting) => meeting.date <= serviceTo)
    .slice()
    .sort((a, b) => a.date.localeCompare(b.date) || a.meetingId.localeCompare(b.meetingId));
  const serviceFrom = meetings[0]?.date;
  const approvedQuarters = meetings.reduce((sum, meeting) => sum + toQuarters(meeting.hours), 0);
  // Supervisions count inside the same service period as the meetings: one dated before it (or before the
  // volunteer registered, which an earlier version accepted) is not part of the service the certificate states.
  // Without a period yet, SERVICE_PERIOD is unmet anyway; supervisions are then counted up to its end only,
  // so that the unmet list does not also blame supervisions the volunteer did attend.
  const supervisions = record.supervisionDates.filter(
    (date) => (serviceFrom === undefined || serviceFrom <= date) && date <= serviceTo,
  ).length;

  if (!record.registered) unmet.push('REGISTERED');
  if (serviceFrom === undefined || addMonths(serviceFrom, policy.minServiceMonths) > serviceTo)
    unmet.push('SERVICE_PERIOD');
  if (approvedQuarters < toQuarters(policy.minApprovedHours)) unmet.push('APPROVED_HOURS');
  if (
    policy.requireIntroductoryCourse &&
    (record.courseCompletedOn === null || record.courseCompletedOn > serviceTo)
  )
    unmet.push('INTRODUCTORY_COURSE');
  if (supervisions < policy.minSupervisions) unmet.push('SUPERVISIONS');
  if (
    policy.requireAgreementInForce &&
    !record.agreements.some((agreement) => coversDay(agreement.signedOn, agreement.validUntil, serviceTo))
  )
    unmet.push('AGREEMENT_IN_FORCE');

  if (unmet.length > 0 || serviceFrom === undefined) return { eligible: false, unmet };
  return {
    eligible: true,
    grant: {
      policyVersion: policy.version,
      serviceFrom,
      serviceTo,
      approvedHours: approvedQuarters / QUARTERS_PER_HOUR,
      activities: [...new Set(meetings.map((meeting) => meeting.activity))].sort(),
    },
  };
}

/**
 * Whether this policy version already produced a certificate for the volunteer. A revoked one counts too:
 * revocation is a deliberate act, and an automatic re-issue on the same facts would undo it.
 */
export const certificateGrantedUnder = (record: ServiceRecord, policyVersion: string): boolean =>
  record.certificates.some((certificate) => certificate.policyVersion === policyVersion);
