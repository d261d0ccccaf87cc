import type { MatchEvent } from '../matching/match/match.events';
import type { VolunteerEvent } from '../volunteers/volunteer/volunteer.events';
import {
  addMonths,
  certificateGrantedUnder,
  evaluateCertificateEligibility,
} from './certificate-eligibility';
import { formatCertificateNumber, parseCertificateNumber } from './certificate-number';
import { DEFAULT_CERTIFICATE_POLICY, certificatePolicyProblems } from './certificate-policy';
import { serviceRecordOf } from './service-record';

const VOLUNTEER = 'v-1';
const policy = DEFAULT_CERTIFICATE_POLICY;

const registered: VolunteerEvent = {
  type: 'VolunteerRegistered',
  data: {
    volunteerId: VOLUNTEER,
    name: 'Řehoř Žlutý',
    email: 'r@example.org',
    phone: '+420 600 000 000',
    dateOfBirth: '1990-01-01',
    languages: ['cs'],
    regions: ['PRAGUE'],
    availability: [],
    interests: [],
    registeredAt: '2024-12-01T09:00:00.000Z',
  },
};
const course: VolunteerEvent = {
  type: 'IntroductoryCourseCompleted',
  data: { courseId: 'course-1', completedOn: '2024-12-10' },
};
const agreement: VolunteerEvent = {
  type: 'VolunteerAgreementSigned',
  data: { agreementId: 'agr-1', signedOn: '2024-12-10', validUntil: '2026-12-31' },
};
const supervision = (sessionId: string, date: string): VolunteerEvent => ({
  type: 'SupervisionAttended',
  data: { sessionId, date },
});
const qualifiedVolunteer: VolunteerEvent[] = [
  registered,
  course,
  agreement,
  supervision('s-1', '2025-02-01'),
  supervision('s-2', '2025-05-01'),
];

/** One match with meetings, each approved; `hours` per meeting. */
function matchWithApprovedMeetings(
  meetings: readonly { date: string; hours: number; activity?: 'CZECH_PRACTICE' | 'LEISURE' }[],
  volunteerId = VOLUNTEER,
): MatchEvent[] {
  const events: MatchEvent[] = [
    {
      type: 'MatchProposed',
      data: {
        matchId: 'm-1',
        volunteerId,
        clientId: 'c-1',
        proposedBy: 'coordinator-1',
        rationale: ['REGION'],
        proposedAt: '2025-01-01T09:00:00.000Z',
      },
    },
  ];
  meetings.forEach((meeting, index) => {
    const meetingId = `meeting-${index}`;
    const activity = meeting.activity ?? 'CZECH_PRACTICE';
    events.push(
      {
        type: 'MeetingLogged',
        data: {
          meetingId,
          date: meeting.date,
          hours: meeting.hours,
          activity,
          place: 'OUTSIDE',
          loggedBy: 'coordinator-1',
          loggedAt: `${meeting.date}T18:00:00.000Z`,
        },
      },
      {
        type: 'MeetingApproved',
        data: {
          meetingId,
          by: 'coordinator-1',
          approvedAt: `${meeting.date}T19:00:00.000Z`,
          volunteerId,
          date: meeting.date,
          hours: meeting.hours,
          activity,
        },
      },
    );
  });
  return events;
}

/** 40 hours: ten meetings of four hours from 15 January 2025 on. */
const fortyHours = Array.from({ length: 10 }, (_, index) => ({
  date: `2025-01-${String(15 + index).padStart(2, '0')}`,
  hours: 4,
}));

const evaluate = (volunteer: VolunteerEvent[], matches: MatchEvent[][], today: string) =>
  evaluateCertificateEligibility(policy, serviceRecordOf(VOLUNTEER, volunteer, matches), today);

describe('certificate eligibility (default policy)', () => {
  it('given every criterion met, when evaluated six months after the first approved meeting, then the grant states the period, hours and activities', () => {
    const matches = [
      matchWithApprovedMeetings([
        ...fortyHours.slice(0, 9),
        { date: '2025-02-01', hours: 4, activity: 'LEISURE' },
      ]),
    ];
    expect(evaluate(qualifiedVolunteer, matches, '2025-07-15')).toEqual({
      eligible: true,
      grant: {
        policyVersion: '2025-1',
        serviceFrom: '2025-01-15',
        serviceTo: '2025-07-15',
        approvedHours: 40,
        activities: ['CZECH_PRACTICE', 'LEISURE'],
      },
    });
  });

  it('given a first approved meeting on 15 January, when evaluated on 14 July (a day short), then the service period is unmet', () => {
    expect(evaluate(qualifiedVolunteer, [matchWithApprovedMeetings(fortyHours)], '2025-07-14')).toEqual({
      eligible: false,
      unmet: ['SERVICE_PERIOD'],
    });
  });

  it('given 39.75 approved hours (a quarter-hour short), when evaluated, then the hours are unmet', () => {
    const meetings = [...fortyHours.slice(0, 9), { date: '2025-01-24', hours: 3.75 }];
    expect(evaluate(qualifiedVolunteer, [matchWithApprovedMeetings(meetings)], '2025-08-01')).toEqual({
      eligible: false,
      unmet: ['APPROVED_HOURS'],
    });
  });

  it('given 160 quarter-hour meetings, when evaluated, then they add up to exactly 40 hours', () => {
    const meetings = Array.from({ length: 160 }, () => ({ date: '2025-01-15', hours: 0.25 }));
    const outcome = evaluate(qualifiedVolunteer, [matchWithApprovedMeetings(meetings)], '2025-07-15');
    expect(outcome.eligible && outcome.grant.approvedHours).toBe(40);
  });

  it('given one supervision attended (a supervision short), when evaluated, then supervisions are unmet', () => {
    const volunteer = qualifiedVolunteer.filter((event) => event !== qualifiedVolunteer[4]);
    expect(evaluate(volunteer, [matchWithApprovedMeetings(fortyHours)], '2025-08-01')).toEqual({
      eligible: false,
      unmet: ['SUPERVISIONS'],
    });
  });

  it('given supervisions dated before the service period (even before registration), when evaluated, then they do not count', () => {
    const matches = [matchWithApprovedMeetings(fortyHours)];
    const early = [
      registered,
      course,
      agreement,
      supervision('s-1', '1901-01-02'),
      supervision('s-2', '2025-01-14'),
    ];
    expect(evaluate(early, matches, '2025-07-15')).toEqual({ eligible: false, unmet: ['SUPERVISIONS'] });
    const onFirstDay = [...early, supervision('s-3', '2025-01-15'), supervision('s-4', '2025-07-15')];
    expect(evaluate(onFirstDay, matches, '2025-07-15')).toMatchObject({ eligible: true });
  });

  it('given no introductory course, when evaluated, then the course is unmet', () => {
    const volunteer = qualifiedVolunteer.filter((event) => event !== course);
    expect(evaluate(volunteer, [matchWithApprovedMeetings(fortyHours)], '2025-08-01')).toEqual({
      eligible: false,
      unmet: ['INTRODUCTORY_COURSE'],
    });
  });

  it('given an agreement that ended the day before, when evaluated, then the agreement is unmet; on its last day it holds', () => {
    const ended: VolunteerEvent = {
      type: 'VolunteerAgreementSigned',
      data: { agreementId: 'agr-1', signedOn: '2024-12-10', validUntil: '2025-07-31' },
    };
    const volunteer = qualifiedVolunteer.map((event) => (event === agreement ? ended : event));
    const matches = [matchWithApprovedMeetings(fortyHours)];
    expect(evaluate(volunteer, matches, '2025-08-01')).toEqual({
      eligible: false,
      unmet: ['AGREEMENT_IN_FORCE'],
    });
    expect(evaluate(volunteer, matches, '2025-07-31').eligible).toBe(true);
  });

  it('given no approved meeting, when evaluated, then service and hours are unmet', () => {
    expect(evaluate(qualifiedVolunteer, [], '2026-01-01')).toEqual({
      eligible: false,
      unmet: ['SERVICE_PERIOD', 'APPROVED_HOURS'],
    });
  });

  it('given a meeting approved and then declined, when evaluated, then its hours do not count', () => {
    const matches = matchWithApprovedMeetings(fortyHours);
    matches.push({
      type: 'MeetingDeclined',
      data: { meetingId: 'meeting-9', by: 'coordinator-1', declinedAt: '2025-02-01T09:00:00.000Z' },
    });
    expect(evaluate(qualifiedVolunteer, [matches], '2025-08-01')).toEqual({
      eligible: false,
      unmet: ['APPROVED_HOURS'],
    });
  });

  it("given another volunteer's match, when evaluated, then its hours do not count", () => {
    expect(
      evaluate(qualifiedVolunteer, [matchWithApprovedMeetings(fortyHours, 'someone-else')], '2025-08-01'),
    ).toEqual({ eligible: false, unmet: ['SERVICE_PERIOD', 'APPROVED_HOURS'] });
  });

  it('given a volunteer who left, when evaluated later, then the period ends on the day they left', () => {
    const left: VolunteerEvent = {
      type: 'VolunteerLeft',
      data: { volunteerId: VOLUNTEER, reasonCode: 'MOVED_AWAY', leftOn: '2025-07-20' },
    };
    const outcome = evaluate(
      [...qualifiedVolunteer, left],
      [matchWithApprovedMeetings(fortyHours)],
      '2025-12-01',
    );
    expect(outcome.eligible && outcome.grant.serviceTo).toBe('2025-07-20');
  });

  it('given a certificate issued and revoked under this policy, then this policy has granted it already', () => {
    const record = serviceRecordOf(
      VOLUNTEER,
      [
        ...qualifiedVolunteer,
        {
          type: 'CertificateIssued',
          data: {
            certificateNo: 'PRV-2025-00001',
            verificationCode: 'ABCD',
            policyVersion: '2025-1',
            serviceFrom: '2025-01-15',
            serviceTo: '2025-07-15',
            approvedHours: 40,
            activities: [],
            issuedOn: '2025-07-15',
          },
        },
        {
          type: 'CertificateRevoked',
          data: {
            certificateNo: 'PRV-2025-00001',
            reasonCode: 'ISSUED_IN_ERROR',
            revokedAt: '2025-07-16T00:00:00Z',
          },
        },
      ],
      [],
    );
    expect(record.certificates).toEqual([
      { certificateNo: 'PRV-2025-00001', policyVersion: '2025-1', revoked: true },
    ]);
    expect(certificateGrantedUnder(record, '2025-1')).toBe(true);
    expect(certificateGrantedUnder(record, '2026-1')).toBe(false);
  });
});

describe('addMonths', () => {
  it.each([
    ['2025-01-15', 6, '2025-07-15'],
    ['2024-08-31', 6, '2025-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2025-09-30', 6, '2026-03-30'],
    ['2025-12-01', 1, '2026-01-01'],
  ])('%s plus %i months is %s', (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });
});

describe('certificate policy validation', () => {
  it('accepts the default policy', () => {
    expect(certificatePolicyProblems(DEFAULT_CERTIFICATE_POLICY)).toEqual([]);
  });

  it('names each invalid parameter', () => {
    const problems = certificatePolicyProblems({
      ...DEFAULT_CERTIFICATE_POLICY,
      version: 'has spaces',
      minServiceMonths: 3,
      minApprovedHours: 40.1,
      minSupervisions: -1,
    });
    expect(problems.map((problem) => problem.field)).toEqual([
      'version',
      'minServiceMonths',
      'minApprovedHours',
      'minSupervisions',
    ]);
  });
});

describe('certificate numbers', () => {
  it('formats and parses <PREFIX>-YYYY-NNNNN', () => {
    expect(formatCertificateNumber('PRV', 2025, 7)).toBe('PRV-2025-00007');
    expect(parseCertificateNumber('PRV-2025-00007')).toEqual({ prefix: 'PRV', year: 2025, sequence: 7 });
    expect(parseCertificateNumber('PRV-2025-00000')).toBeNull();
    expect(parseCertificateNumber('prv-2025-1')).toBeNull();
  });
});
