import type { VolunteerEvent } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import {
  agreementInForceOn,
  insurancePolicyOn,
  regionKeyOf,
  regionKeysTouching,
  supervisionsInLast12Months,
  supervisionsSince,
  volunteersProjection,
  type VolunteerDocument,
} from './volunteers.projection';

const volunteerId = '0195f0a0-0000-7000-8000-000000000001';
let position = 0n;

const recorded = (event: VolunteerEvent, streamId = `volunteer-${volunteerId}`): RecordedEvent => {
  position += 1n;
  return {
    streamId,
    revision: Number(position),
    position,
    eventId: `event-${position}`,
    type: event.type,
    data: event.data as unknown as RecordedEvent['data'],
    metadata: {
      commandId: `command-${position}`,
      correlationId: 'correlation',
      causationId: null,
      actor: { id: 'coordinator-1', role: 'COORDINATOR' },
      occurredAt: '2025-05-10T12:00:00.000Z',
      schemaVersion: 1,
      prevHash: '',
      hash: '',
    },
    recordedAt: '2025-05-10T12:00:00.000Z',
  };
};

const project = (events: readonly VolunteerEvent[]): VolunteerDocument | null =>
  events
    .map((event) => recorded(event))
    .reduce<VolunteerDocument | null>(
      (document, event) => volunteersProjection.evolve(document, event),
      null,
    );

const registered: VolunteerEvent = {
  type: 'VolunteerRegistered',
  data: {
    volunteerId,
    name: 'Jana Nováková',
    email: 'jana@example.org',
    phone: '+420 600 000 000',
    dateOfBirth: '1990-02-03',
    languages: ['cs', 'uk'],
    regions: ['PRAGUE', 'CENTRAL_BOHEMIA'],
    availability: [{ day: 'TUESDAY', part: 'AFTERNOON' }],
    interests: ['CZECH_PRACTICE'],
    registeredAt: '2025-05-01T09:00:00.000Z',
  },
};

const lifecycle: VolunteerEvent[] = [
  registered,
  { type: 'VolunteerTrainingStarted', data: { startedOn: '2025-05-02' } },
  { type: 'IntroductoryCourseCompleted', data: { courseId: 'course-1', completedOn: '2025-05-03' } },
  { type: 'GuideHandedOut', data: { edition: '2025', handedOutOn: '2025-05-03' } },
  {
    type: 'VolunteerAgreementSigned',
    data: { agreementId: 'agreement-1', signedOn: '2025-05-04', validUntil: '2026-05-03' },
  },
  { type: 'InsuranceArranged', data: { policyRef: 'POL-1', from: '2025-05-01', to: '2025-12-31' } },
  { type: 'VolunteerActivated', data: { activatedOn: '2025-05-05' } },
  { type: 'VolunteerPaused', data: { reasonCode: 'EXAMS', pausedAt: '2025-05-06T10:00:00.000Z' } },
  { type: 'VolunteerResumed', data: { reasonCode: 'BACK', resumedAt: '2025-05-07T10:00:00.000Z' } },
  {
    type: 'ConsultationHeld',
    data: {
      consultationId: 'consultation-1',
      with: 'SOCIAL_WORKER',
      heldOn: '2025-05-08',
      notes: 'confidential',
    },
  },
  { type: 'SupervisionAttended', data: { sessionId: 'session-b', date: '2025-05-09' } },
  { type: 'SupervisionAttended', data: { sessionId: 'session-a', date: '2024-03-01' } },
  { type: 'GroupMeetingAttended', data: { sessionId: 'session-c', date: '2025-05-09' } },
];

describe('volunteers projection', () => {
  it('given a registration, then an applicant document with personal data, regions and filter fields', () => {
    const document = project([registered]);
    expect(document).toMatchObject({
      volunteerId,
      status: 'APPLICANT',
      name: 'Jana Nováková',
      dateOfBirth: '1990-02-03',
      languages: ['cs', 'uk'],
      regions: ['PRAGUE', 'CENTRAL_BOHEMIA'],
      regionKey: 'PRAGUE,CENTRAL_BOHEMIA',
      interests: ['CZECH_PRACTICE'],
      consultationCount: 0,
      course: null,
    });
  });

  it('given the whole lifecycle, then status, gates, consultations and attendance are reflected', () => {
    const document = project(lifecycle);
    expect(document).not.toBeNull();
    const volunteer = document as VolunteerDocument;
    expect(volunteer.status).toBe('ACTIVE');
    expect(volunteer.pause).toBeNull();
    expect(volunteer.course).toEqual({ courseId: 'course-1', completedOn: '2025-05-03' });
    expect(volunteer.guide).toEqual({ edition: '2025', handedOutOn: '2025-05-03' });
    expect(agreementInForceOn(volunteer, '2025-06-01')?.validUntil).toBe('2026-05-03');
    expect(agreementInForceOn(volunteer, '2026-06-01')).toBeNull();
    expect(insurancePolicyOn(volunteer, '2025-06-01')?.policyRef).toBe('POL-1');
    expect(insurancePolicyOn(volunteer, '2026-01-01')).toBeNull();
    expect(volunteer.consultationCount).toBe(1);
    expect(volunteer.consultations[0]).toEqual({
      consultationId: 'consultation-1',
      with: 'SOCIAL_WORKER',
      heldOn: '2025-05-08',
      matchId: null,
      notes: 'confidential',
    });
    expect(volunteer.supervisions.map((attendance) => attendance.date)).toEqual(['2024-03-01', '2025-05-09']);
    expect(supervisionsSince(volunteer, '2024-05-10')).toBe(1);
    expect(volunteer.groupMeetings).toEqual([{ sessionId: 'session-c', date: '2025-05-09' }]);
  });

  it('given pausing, then paused with its reason; given leaving, then left', () => {
    const paused = project(lifecycle.slice(0, 8));
    expect(paused?.status).toBe('PAUSED');
    expect(paused?.pause).toEqual({ reasonCode: 'EXAMS', pausedAt: '2025-05-06T10:00:00.000Z' });
    const left = project([
      ...lifecycle,
      { type: 'VolunteerLeft', data: { volunteerId, reasonCode: 'MOVED_AWAY', leftOn: '2025-06-01' } },
    ]);
    expect(left?.status).toBe('LEFT');
    expect(left?.left).toEqual({ reasonCode: 'MOVED_AWAY', leftOn: '2025-06-01' });
  });

  it('given a certificate issued then revoked, then both facts are kept', () => {
    const document = project([
      registered,
      {
        type: 'CertificateIssued',
        data: {
          certificateNo: 'C-1',
          verificationCode: 'abc',
          policyVersion: 'v1',
          serviceFrom: '2025-01-01',
          serviceTo: '2025-07-01',
          approvedHours: 42,
          activities: ['CZECH_PRACTICE'],
          issuedOn: '2025-07-02',
        },
      },
      {
        type: 'CertificateRevoked',
        data: { certificateNo: 'C-1', reasonCode: 'ISSUED_IN_ERROR', revokedAt: '2025-07-03T10:00:00.000Z' },
      },
    ]);
    expect(document?.certificates).toEqual([
      expect.objectContaining({
        certificateNo: 'C-1',
        approvedHours: 42,
        revoked: true,
        revocationReasonCode: 'ISSUED_IN_ERROR',
      }),
    ]);
  });

  it('ignores events before a registration and streams of other categories', () => {
    expect(project([{ type: 'VolunteerTrainingStarted', data: { startedOn: '2025-05-02' } }])).toBeNull();
    expect(volunteersProjection.documentId(recorded(registered, `match-${volunteerId}`))).toBeNull();
    expect(volunteersProjection.documentId(recorded(registered))).toBe(volunteerId);
  });

  it('region keys: canonical order, and every key touching the given regions', () => {
    expect(regionKeyOf(['LIBEREC', 'PRAGUE'])).toBe('PRAGUE,LIBEREC');
    const touchingPrague = regionKeysTouching(['PRAGUE']);
    expect(touchingPrague).toHaveLength(4);
    expect(touchingPrague.every((key) => key.split(',').includes('PRAGUE'))).toBe(true);
    expect(regionKeysTouching(['PRAGUE', 'LIBEREC'])).toHaveLength(6);
    expect(regionKeysTouching([])).toEqual([]);
  });
});

describe('supervisions in the last 12 months (dashboard and volunteer record alike)', () => {
  const attendedOn = (...dates: string[]): VolunteerDocument => {
    const document = project([
      registered,
      ...dates.map((date, index): VolunteerEvent => ({
        type: 'SupervisionAttended',
        data: { sessionId: `session-${index}`, date },
      })),
    ]);
    if (document === null) throw new Error('no document');
    return document;
  };
  const counted = (today: string, date: string): number =>
    supervisionsInLast12Months(attendedOn(date), today);

  it('given a session exactly a year ago, then it is outside; a day later, inside; today, inside', () => {
    expect(counted('2025-06-10', '2024-06-10')).toBe(0);
    expect(counted('2025-06-10', '2024-06-11')).toBe(1);
    expect(counted('2025-06-10', '2025-06-10')).toBe(1);
    expect(
      supervisionsInLast12Months(attendedOn('2024-06-10', '2024-06-11', '2025-01-01'), '2025-06-10'),
    ).toBe(2);
  });

  it('given 29 February, then a year later it counts until 28 February and not on 1 March', () => {
    expect(counted('2025-02-28', '2024-02-29')).toBe(1);
    expect(counted('2025-03-01', '2024-02-29')).toBe(0);
    expect(counted('2025-03-01', '2024-03-01')).toBe(0);
    expect(counted('2025-03-01', '2024-03-02')).toBe(1);
  });

  it('given today is 29 February, then the window starts on 1 March a year earlier', () => {
    expect(counted('2024-02-29', '2023-02-28')).toBe(0);
    expect(counted('2024-02-29', '2023-03-01')).toBe(1);
  });
});
