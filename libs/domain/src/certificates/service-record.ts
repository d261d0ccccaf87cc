import { fold } from '../shared/decider';
import type { CalendarDate } from '../shared/reference-data';
import type { MatchEvent, MeetingActivity } from '../matching/match/match.events';
import { evolveMatch, initialMatchState } from '../matching/match/match.state';
import type { VolunteerEvent } from '../volunteers/volunteer/volunteer.events';

export interface ApprovedMeeting {
  readonly meetingId: string;
  readonly date: CalendarDate;
  readonly hours: number;
  readonly activity: MeetingActivity;
}

export interface IssuedCertificateFact {
  readonly certificateNo: string;
  readonly policyVersion: string;
  readonly revoked: boolean;
}

/** What a certificate decision needs to know about one volunteer, folded from the event log. */
export interface ServiceRecord {
  readonly volunteerId: string;
  readonly registered: boolean;
  readonly leftOn: CalendarDate | null;
  readonly courseCompletedOn: CalendarDate | null;
  readonly agreements: readonly { readonly signedOn: CalendarDate; readonly validUntil?: CalendarDate }[];
  /** One date per supervision session attended. */
  readonly supervisionDates: readonly CalendarDate[];
  readonly approvedMeetings: readonly ApprovedMeeting[];
  readonly certificates: readonly IssuedCertificateFact[];
}

export const emptyServiceRecord = (volunteerId: string): ServiceRecord => ({
  volunteerId,
  registered: false,
  leftOn: null,
  courseCompletedOn: null,
  agreements: [],
  supervisionDates: [],
  approvedMeetings: [],
  certificates: [],
});

function withVolunteerEvent(record: ServiceRecord, event: VolunteerEvent): ServiceRecord {
  switch (event.type) {
    case 'VolunteerRegistered':
      return { ...record, registered: true };
    case 'IntroductoryCourseCompleted':
      return { ...record, courseCompletedOn: event.data.completedOn };
    case 'VolunteerAgreementSigned':
      return {
        ...record,
        agreements: [
          ...record.agreements,
          {
            signedOn: event.data.signedOn,
            ...(event.data.validUntil === undefined ? {} : { validUntil: event.data.validUntil }),
          },
        ],
      };
    case 'SupervisionAttended':
      return { ...record, supervisionDates: [...record.supervisionDates, event.data.date] };
    case 'VolunteerLeft':
      return { ...record, leftOn: event.data.leftOn };
    case 'VolunteerResumed':
      return record;
    case 'CertificateIssued':
      return {
        ...record,
        certificates: [
          ...record.certificates,
          {
            certificateNo: event.data.certificateNo,
            policyVersion: event.data.policyVersion,
            revoked: false,
          },
        ],
      };
    case 'CertificateRevoked':
      return {
        ...record,
        certificates: record.certificates.map((certificate) =>
          certificate.certificateNo === event.data.certificateNo
            ? { ...certificate, revoked: true }
            : certificate,
        ),
      };
    default:
      return record;
  }
}

/**
 * Folds the volunteer's own history and the histories of their matches. Meetings count once approved and
 * stop counting if later declined; a match of another volunteer contributes nothing.
 */
export function serviceRecordOf(
  volunteerId: string,
  volunteerHistory: readonly VolunteerEvent[],
  matchHistories: readonly (readonly MatchEvent[])[],
): ServiceRecord {
  const record = volunteerHistory.reduce(withVolunteerEvent, emptyServiceRecord(volunteerId));
  const approvedMeetings = matchHistories.flatMap((history) => {
    const match = fold({ initialState: initialMatchState, evolve: evolveMatch }, history);
    if (match.volunteerId !== volunteerId) return [];
    return match.meetings
      .filter((meeting) => meeting.status === 'APPROVED')
      .map(({ meetingId, date, hours, activity }) => ({ meetingId, date, hours, activity }));
  });
  return { ...record, approvedMeetings };
}
