import type { DomainCommand } from '../../shared/decider';
import type {
  AvailabilitySlot,
  CalendarDate,
  Instant,
  LanguageCode,
  Need,
  ReasonCode,
  Region,
} from '../../shared/reference-data';
import type { Consultant } from './volunteer.events';

type Cmd<Type extends string, Data extends object> = DomainCommand<
  Type,
  Data & { readonly volunteerId: string; readonly now: Instant }
>;

export type RegisterVolunteer = Cmd<
  'RegisterVolunteer',
  {
    readonly name: string;
    readonly email: string;
    readonly phone: string;
    readonly dateOfBirth: CalendarDate;
    readonly languages: readonly LanguageCode[];
    readonly regions: readonly Region[];
    readonly availability: readonly AvailabilitySlot[];
    readonly interests: readonly Need[];
  }
>;
export type StartVolunteerTraining = Cmd<'StartVolunteerTraining', object>;
export type CompleteIntroductoryCourse = Cmd<
  'CompleteIntroductoryCourse',
  { readonly courseId: string; readonly completedOn: CalendarDate }
>;
export type HandOutGuide = Cmd<'HandOutGuide', { readonly edition: string }>;
export type SignVolunteerAgreement = Cmd<
  'SignVolunteerAgreement',
  { readonly agreementId: string; readonly signedOn: CalendarDate; readonly validUntil?: CalendarDate }
>;
export type ArrangeInsurance = Cmd<
  'ArrangeInsurance',
  { readonly policyRef: string; readonly from: CalendarDate; readonly to: CalendarDate }
>;
export type ActivateVolunteer = Cmd<'ActivateVolunteer', object>;
export type PauseVolunteer = Cmd<'PauseVolunteer', { readonly reasonCode: ReasonCode }>;
export type ResumeVolunteer = Cmd<'ResumeVolunteer', { readonly reasonCode: ReasonCode }>;
export type RecordVolunteerLeaving = Cmd<
  'RecordVolunteerLeaving',
  { readonly reasonCode: ReasonCode; readonly leftOn: CalendarDate }
>;
export type RecordConsultation = Cmd<
  'RecordConsultation',
  {
    readonly consultationId: string;
    readonly with: Consultant;
    readonly heldOn: CalendarDate;
    readonly matchId?: string;
    readonly notes?: string;
  }
>;
export type RecordGroupMeetingAttendance = Cmd<
  'RecordGroupMeetingAttendance',
  { readonly sessionId: string; readonly date: CalendarDate }
>;
export type RecordSupervisionAttendance = Cmd<
  'RecordSupervisionAttendance',
  { readonly sessionId: string; readonly date: CalendarDate }
>;
export type IssueCertificate = Cmd<
  'IssueCertificate',
  {
    readonly certificateNo: string;
    readonly verificationCode: string;
    readonly policyVersion: string;
    readonly serviceFrom: CalendarDate;
    readonly serviceTo: CalendarDate;
    readonly approvedHours: number;
    readonly activities: readonly string[];
  }
>;
export type RevokeCertificate = Cmd<
  'RevokeCertificate',
  { readonly certificateNo: string; readonly reasonCode: ReasonCode }
>;

export type VolunteerCommand =
  | RegisterVolunteer
  | StartVolunteerTraining
  | CompleteIntroductoryCourse
  | HandOutGuide
  | SignVolunteerAgreement
  | ArrangeInsurance
  | ActivateVolunteer
  | PauseVolunteer
  | ResumeVolunteer
  | RecordVolunteerLeaving
  | RecordConsultation
  | RecordGroupMeetingAttendance
  | RecordSupervisionAttendance
  | IssueCertificate
  | RevokeCertificate;
