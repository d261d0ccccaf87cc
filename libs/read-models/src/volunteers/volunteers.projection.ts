import { REGIONS, startOfLast12Months, type VolunteerEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { JsonObject } from '../document-store.port';
import { defineProjection } from '../projection';

export const VOLUNTEERS_READ_MODEL = 'volunteers';

export type VolunteerStatus = 'APPLICANT' | 'IN_TRAINING' | 'ACTIVE' | 'PAUSED' | 'LEFT';

export type SessionAttendanceRecord = { sessionId: string; date: string };

export type ConsultationRecord = {
  consultationId: string;
  with: string;
  heldOn: string;
  matchId: string | null;
  /** 🔒 */
  notes: string | null;
};

export type AgreementRecord = { agreementId: string; signedOn: string; validUntil: string | null };

export type InsurancePolicyRecord = { policyRef: string; from: string; to: string };

export type CertificateRecordDocument = {
  certificateNo: string;
  verificationCode: string;
  policyVersion: string;
  serviceFrom: string;
  serviceTo: string;
  approvedHours: number;
  activities: string[];
  issuedOn: string;
  revoked: boolean;
  revokedAt: string | null;
  revocationReasonCode: string | null;
};

export interface VolunteerDocument extends JsonObject {
  volunteerId: string;
  status: VolunteerStatus;
  /** 🔒 */
  name: string;
  /** 🔒 */
  email: string;
  /** 🔒 */
  phone: string;
  /** 🔒 */
  dateOfBirth: string;
  languages: string[];
  regions: string[];
  /**
   * The regions as one canonical key (`CENTRAL_BOHEMIA,PRAGUE` in reference order): the document store's
   * filters are conjunctive, so "serves any of these regions" becomes `$in` over the keys that intersect them.
   */
  regionKey: string;
  interests: string[];
  availability: { day: string; part: string }[];
  registeredAt: string;
  trainingStartedOn: string | null;
  course: { courseId: string; completedOn: string } | null;
  guide: { edition: string; handedOutOn: string } | null;
  agreements: AgreementRecord[];
  insurance: InsurancePolicyRecord[];
  activatedOn: string | null;
  pause: { reasonCode: string; pausedAt: string } | null;
  left: { reasonCode: string; leftOn: string } | null;
  consultationCount: number;
  consultations: ConsultationRecord[];
  groupMeetings: SessionAttendanceRecord[];
  supervisions: SessionAttendanceRecord[];
  certificates: CertificateRecordDocument[];
}

const STREAM_PREFIX = 'volunteer-';

/** Canonical key of a set of regions: reference order, comma-separated. */
export const regionKeyOf = (regions: readonly string[]): string =>
  REGIONS.filter((region) => regions.includes(region)).join(',');

/** Every region key that shares at least one region with `regions`: the `$in` list for a visibility filter. */
export function regionKeysTouching(regions: readonly string[]): string[] {
  const keys: string[] = [];
  for (let mask = 1; mask < 1 << REGIONS.length; mask++) {
    const subset = REGIONS.filter((_, index) => (mask & (1 << index)) !== 0);
    if (subset.some((region) => regions.includes(region))) keys.push(subset.join(','));
  }
  return keys;
}

export const agreementInForceOn = (document: VolunteerDocument, day: string): AgreementRecord | null =>
  document.agreements.find(
    (agreement) =>
      agreement.signedOn <= day && (agreement.validUntil === null || day <= agreement.validUntil),
  ) ?? null;

export const insurancePolicyOn = (document: VolunteerDocument, day: string): InsurancePolicyRecord | null =>
  document.insurance.find((policy) => policy.from <= day && day <= policy.to) ?? null;

/** Supervision sessions attended on or after `since` (a date), e.g. within the last twelve months. */
export const supervisionsSince = (document: VolunteerDocument, since: string): number =>
  document.supervisions.filter((attendance) => attendance.date >= since).length;

/**
 * Supervision sessions attended in the last 12 months as of `today` (a date), a day exactly a year ago
 * excluded: the one definition behind both the dashboard and the volunteer record.
 */
export const supervisionsInLast12Months = (document: VolunteerDocument, today: string): number =>
  supervisionsSince(document, startOfLast12Months(today));

const byDate = (a: SessionAttendanceRecord, b: SessionAttendanceRecord): number =>
  a.date === b.date ? a.sessionId.localeCompare(b.sessionId) : a.date.localeCompare(b.date);

function registered(event: Extract<VolunteerEvent, { type: 'VolunteerRegistered' }>): VolunteerDocument {
  const { data } = event;
  return {
    volunteerId: data.volunteerId,
    status: 'APPLICANT',
    name: data.name,
    email: data.email,
    phone: data.phone,
    dateOfBirth: data.dateOfBirth,
    languages: [...data.languages],
    regions: [...data.regions],
    regionKey: regionKeyOf(data.regions),
    interests: [...data.interests],
    availability: data.availability.map((slot) => ({ day: slot.day, part: slot.part })),
    registeredAt: data.registeredAt,
    trainingStartedOn: null,
    course: null,
    guide: null,
    agreements: [],
    insurance: [],
    activatedOn: null,
    pause: null,
    left: null,
    consultationCount: 0,
    consultations: [],
    groupMeetings: [],
    supervisions: [],
    certificates: [],
  };
}

function evolveVolunteer(document: VolunteerDocument, event: VolunteerEvent): VolunteerDocument {
  switch (event.type) {
    case 'VolunteerRegistered':
      // A second registration cannot be decided; replaying one must not wipe the history already projected.
      return document;
    case 'VolunteerTrainingStarted':
      return { ...document, status: 'IN_TRAINING', trainingStartedOn: event.data.startedOn };
    case 'IntroductoryCourseCompleted':
      return { ...document, course: { courseId: event.data.courseId, completedOn: event.data.completedOn } };
    case 'GuideHandedOut':
      return { ...document, guide: { edition: event.data.edition, handedOutOn: event.data.handedOutOn } };
    case 'VolunteerAgreementSigned':
      return {
        ...document,
        agreements: [
          ...document.agreements,
          {
            agreementId: event.data.agreementId,
            signedOn: event.data.signedOn,
            validUntil: event.data.validUntil ?? null,
          },
        ],
      };
    case 'InsuranceArranged':
      return {
        ...document,
        insurance: [
          ...document.insurance,
          { policyRef: event.data.policyRef, from: event.data.from, to: event.data.to },
        ],
      };
    case 'VolunteerActivated':
      return { ...document, status: 'ACTIVE', activatedOn: event.data.activatedOn, pause: null };
    case 'VolunteerPaused':
      return {
        ...document,
        status: 'PAUSED',
        pause: { reasonCode: event.data.reasonCode, pausedAt: event.data.pausedAt },
      };
    case 'VolunteerResumed':
      return { ...document, status: 'ACTIVE', pause: null };
    case 'VolunteerLeft':
      return {
        ...document,
        status: 'LEFT',
        left: { reasonCode: event.data.reasonCode, leftOn: event.data.leftOn },
      };
    case 'ConsultationHeld': {
      const consultation: ConsultationRecord = {
        consultationId: event.data.consultationId,
        with: event.data.with,
        heldOn: event.data.heldOn,
        matchId: event.data.matchId ?? null,
        notes: event.data.notes ?? null,
      };
      return {
        ...document,
        consultationCount: document.consultationCount + 1,
        consultations: [...document.consultations, consultation],
      };
    }
    case 'GroupMeetingAttended':
      return {
        ...document,
        groupMeetings: [...document.groupMeetings, { ...event.data }].sort(byDate),
      };
    case 'SupervisionAttended':
      return {
        ...document,
        supervisions: [...document.supervisions, { ...event.data }].sort(byDate),
      };
    case 'CertificateIssued':
      return {
        ...document,
        certificates: [
          ...document.certificates,
          {
            certificateNo: event.data.certificateNo,
            verificationCode: event.data.verificationCode,
            policyVersion: event.data.policyVersion,
            serviceFrom: event.data.serviceFrom,
            serviceTo: event.data.serviceTo,
            approvedHours: event.data.approvedHours,
            activities: [...event.data.activities],
            issuedOn: event.data.issuedOn,
            revoked: false,
            revokedAt: null,
            revocationReasonCode: null,
          },
        ],
      };
    case 'CertificateRevoked':
      return {
        ...document,
        certificates: document.certificates.map((certificate) =>
          certificate.certificateNo === event.data.certificateNo
            ? {
                ...certificate,
                revoked: true,
                revokedAt: event.data.revokedAt,
                revocationReasonCode: event.data.reasonCode,
              }
            : certificate,
        ),
      };
  }
}

const VOLUNTEER_EVENT_TYPES: readonly VolunteerEvent['type'][] = [
  'VolunteerRegistered',
  'VolunteerTrainingStarted',
  'IntroductoryCourseCompleted',
  'GuideHandedOut',
  'VolunteerAgreementSigned',
  'InsuranceArranged',
  'VolunteerActivated',
  'VolunteerPaused',
  'VolunteerResumed',
  'VolunteerLeft',
  'ConsultationHeld',
  'GroupMeetingAttended',
  'SupervisionAttended',
  'CertificateIssued',
  'CertificateRevoked',
];

/** One document per volunteer: lifecycle, personal data (opened), training gates, attendance and certificates. */
export const volunteersProjection = defineProjection<VolunteerDocument>({
  name: VOLUNTEERS_READ_MODEL,
  version: 1,
  handles: VOLUNTEER_EVENT_TYPES,
  fields: [
    { name: 'status', type: 'string' },
    { name: 'name', type: 'string', text: true },
    { name: 'languages', type: 'string[]' },
    { name: 'regions', type: 'string[]' },
    { name: 'regionKey', type: 'string' },
    { name: 'interests', type: 'string[]' },
    { name: 'registeredAt', type: 'string' },
  ],
  documentId: (event: RecordedEvent) =>
    event.streamId.startsWith(STREAM_PREFIX) ? event.streamId.slice(STREAM_PREFIX.length) : null,
  evolve: (document, recorded) => {
    const event = { type: recorded.type, data: recorded.data } as unknown as VolunteerEvent;
    if (document === null) return event.type === 'VolunteerRegistered' ? registered(event) : null;
    return evolveVolunteer(document, event);
  },
});
