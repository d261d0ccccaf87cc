import type { DomainEvent } from '../../shared/decider';
import type {
  AvailabilitySlot,
  CalendarDate,
  Instant,
  LanguageCode,
  Need,
  ReasonCode,
  Region,
} from '../../shared/reference-data';

export const CONSULTANTS = ['COORDINATOR', 'CZECH_TEACHER', 'SOCIAL_WORKER'] as const;
export type Consultant = (typeof CONSULTANTS)[number];

export type VolunteerRegistered = DomainEvent<
  'VolunteerRegistered',
  {
    readonly volunteerId: string;
    /** 🔒 */
    readonly name: string;
    /** 🔒 */
    readonly email: string;
    /** 🔒 */
    readonly phone: string;
    /** 🔒 */
    readonly dateOfBirth: CalendarDate;
    readonly languages: readonly LanguageCode[];
    readonly regions: readonly Region[];
    readonly availability: readonly AvailabilitySlot[];
    /** What the volunteer would like to help with, in the words clients' needs use. */
    readonly interests: readonly Need[];
    readonly registeredAt: Instant;
  }
>;

/** APPLICANT → IN_TRAINING: the applicant was accepted for the introductory course. */
export type VolunteerTrainingStarted = DomainEvent<
  'VolunteerTrainingStarted',
  { readonly startedOn: CalendarDate }
>;

export type IntroductoryCourseCompleted = DomainEvent<
  'IntroductoryCourseCompleted',
  { readonly courseId: string; readonly completedOn: CalendarDate }
>;

export type GuideHandedOut = DomainEvent<
  'GuideHandedOut',
  { readonly edition: string; readonly handedOutOn: CalendarDate }
>;

export type VolunteerAgreementSigned = DomainEvent<
  'VolunteerAgreementSigned',
  { readonly agreementId: string; readonly signedOn: CalendarDate; readonly validUntil?: CalendarDate }
>;

export type InsuranceArranged = DomainEvent<
  'InsuranceArranged',
  { readonly policyRef: string; readonly from: CalendarDate; readonly to: CalendarDate }
>;

export type VolunteerActivated = DomainEvent<'VolunteerActivated', { readonly activatedOn: CalendarDate }>;

export type VolunteerPaused = DomainEvent<
  'VolunteerPaused',
  { readonly reasonCode: ReasonCode; readonly pausedAt: Instant }
>;

export type VolunteerResumed = DomainEvent<
  'VolunteerResumed',
  { readonly reasonCode: ReasonCode; readonly resumedAt: Instant }
>;

export type VolunteerLeft = DomainEvent<
  'VolunteerLeft',
  { readonly volunteerId: string; readonly reasonCode: ReasonCode; readonly leftOn: CalendarDate }
>;

export type ConsultationHeld = DomainEvent<
  'ConsultationHeld',
  {
    readonly consultationId: string;
    readonly with: Consultant;
    readonly heldOn: CalendarDate;
    readonly matchId?: string;
    /** 🔒 */
    readonly notes?: string;
  }
>;

export type GroupMeetingAttended = DomainEvent<
  'GroupMeetingAttended',
  { readonly sessionId: string; readonly date: CalendarDate }
>;

export type SupervisionAttended = DomainEvent<
  'SupervisionAttended',
  { readonly sessionId: string; readonly date: CalendarDate }
>;

export type CertificateIssued = DomainEvent<
  'CertificateIssued',
  {
    readonly certificateNo: string;
    /** Lets anyone verify the certificate by number and code without signing in. */
    readonly verificationCode: string;
    readonly policyVersion: string;
    readonly serviceFrom: CalendarDate;
    readonly serviceTo: CalendarDate;
    readonly approvedHours: number;
    readonly activities: readonly string[];
    readonly issuedOn: CalendarDate;
  }
>;

export type CertificateRevoked = DomainEvent<
  'CertificateRevoked',
  { readonly certificateNo: string; readonly reasonCode: ReasonCode; readonly revokedAt: Instant }
>;

export type VolunteerEvent =
  | VolunteerRegistered
  | VolunteerTrainingStarted
  | IntroductoryCourseCompleted
  | GuideHandedOut
  | VolunteerAgreementSigned
  | InsuranceArranged
  | VolunteerActivated
  | VolunteerPaused
  | VolunteerResumed
  | VolunteerLeft
  | ConsultationHeld
  | GroupMeetingAttended
  | SupervisionAttended
  | CertificateIssued
  | CertificateRevoked;
