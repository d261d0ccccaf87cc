import type { CalendarDate } from '../../shared/reference-data';
import { coversDay, dateOf } from '../../shared/time';
import type { VolunteerEvent } from './volunteer.events';

export type VolunteerLifecycle = 'UNREGISTERED' | 'APPLICANT' | 'IN_TRAINING' | 'ACTIVE' | 'PAUSED' | 'LEFT';

export interface CertificateRecord {
  readonly certificateNo: string;
  readonly policyVersion: string;
  readonly revoked: boolean;
}

export interface VolunteerState {
  readonly status: VolunteerLifecycle;
  readonly volunteerId?: string;
  /** The day of registration: the volunteer cannot have left before it. */
  readonly registeredOn?: CalendarDate;
  /** The day the volunteer left: sessions held up to it may still be recorded as attended. */
  readonly leftOn?: CalendarDate;
  readonly courseCompleted: boolean;
  readonly agreements: readonly {
    readonly agreementId: string;
    readonly signedOn: CalendarDate;
    readonly validUntil?: CalendarDate;
  }[];
  readonly insurance: readonly {
    readonly policyRef: string;
    readonly from: CalendarDate;
    readonly to: CalendarDate;
  }[];
  readonly attendedSessionIds: readonly string[];
  readonly supervisionsAttended: number;
  readonly certificates: readonly CertificateRecord[];
}

export const initialVolunteerState: VolunteerState = {
  status: 'UNREGISTERED',
  courseCompleted: false,
  agreements: [],
  insurance: [],
  attendedSessionIds: [],
  supervisionsAttended: 0,
  certificates: [],
};

export function evolveVolunteer(state: VolunteerState, event: VolunteerEvent): VolunteerState {
  switch (event.type) {
    case 'VolunteerRegistered':
      return {
        ...state,
        status: 'APPLICANT',
        volunteerId: event.data.volunteerId,
        registeredOn: dateOf(event.data.registeredAt),
      };
    case 'VolunteerTrainingStarted':
      return { ...state, status: 'IN_TRAINING' };
    case 'IntroductoryCourseCompleted':
      return { ...state, courseCompleted: true };
    case 'VolunteerAgreementSigned':
      return { ...state, agreements: [...state.agreements, event.data] };
    case 'InsuranceArranged':
      return { ...state, insurance: [...state.insurance, event.data] };
    case 'VolunteerActivated':
    case 'VolunteerResumed':
      return { ...state, status: 'ACTIVE' };
    case 'VolunteerPaused':
      return { ...state, status: 'PAUSED' };
    case 'VolunteerLeft':
      return { ...state, status: 'LEFT', leftOn: event.data.leftOn };
    case 'GroupMeetingAttended':
      return { ...state, attendedSessionIds: [...state.attendedSessionIds, event.data.sessionId] };
    case 'SupervisionAttended':
      return {
        ...state,
        attendedSessionIds: [...state.attendedSessionIds, event.data.sessionId],
        supervisionsAttended: state.supervisionsAttended + 1,
      };
    case 'CertificateIssued':
      return {
        ...state,
        certificates: [
          ...state.certificates,
          {
            certificateNo: event.data.certificateNo,
            policyVersion: event.data.policyVersion,
            revoked: false,
          },
        ],
      };
    case 'CertificateRevoked':
      return {
        ...state,
        certificates: state.certificates.map((certificate) =>
          certificate.certificateNo === event.data.certificateNo
            ? { ...certificate, revoked: true }
            : certificate,
        ),
      };
    case 'GuideHandedOut':
    case 'ConsultationHeld':
      return state;
  }
}

export const agreementInForceOn = (state: VolunteerState, day: CalendarDate): boolean =>
  state.agreements.some((agreement) => coversDay(agreement.signedOn, agreement.validUntil, day));

export const insuredOn = (state: VolunteerState, day: CalendarDate): boolean =>
  state.insurance.some((policy) => coversDay(policy.from, policy.to, day));
