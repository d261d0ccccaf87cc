import { fold } from '../../shared/decider';
import { specFor } from '../../shared/testing';
import { onVolunteerLeft } from './volunteer-left.process';
import type { VolunteerCommand } from './volunteer.commands';
import { volunteerDecider } from './volunteer.decide';
import type { VolunteerEvent } from './volunteer.events';

const { given } = specFor(volunteerDecider);
const volunteerId = 'volunteer-1';
const now = '2025-05-10T12:00:00.000Z';

const cmd = <T extends VolunteerCommand['type']>(
  type: T,
  data: Omit<Extract<VolunteerCommand, { type: T }>['data'], 'volunteerId' | 'now'>,
  at = now,
): VolunteerCommand => ({ type, data: { volunteerId, now: at, ...data } }) as VolunteerCommand;

const registered: VolunteerEvent = {
  type: 'VolunteerRegistered',
  data: {
    volunteerId,
    name: 'Jana N.',
    email: 'jana@example.org',
    phone: '+420 600 000 000',
    dateOfBirth: '2010-05-10',
    languages: ['cs', 'uk'],
    regions: ['PRAGUE'],
    availability: [{ day: 'TUESDAY', part: 'AFTERNOON' }],
    interests: ['CZECH_PRACTICE'],
    registeredAt: now,
  },
};
const training: VolunteerEvent = { type: 'VolunteerTrainingStarted', data: { startedOn: '2025-05-01' } };
const course: VolunteerEvent = {
  type: 'IntroductoryCourseCompleted',
  data: { courseId: 'course-2025-05', completedOn: '2025-05-05' },
};
const agreement: VolunteerEvent = {
  type: 'VolunteerAgreementSigned',
  data: { agreementId: 'agreement-1', signedOn: '2025-05-06', validUntil: '2026-05-05' },
};
const insurance: VolunteerEvent = {
  type: 'InsuranceArranged',
  data: { policyRef: 'POL-1', from: '2025-05-01', to: '2025-12-31' },
};
const activated: VolunteerEvent = { type: 'VolunteerActivated', data: { activatedOn: '2025-05-07' } };
const paused: VolunteerEvent = { type: 'VolunteerPaused', data: { reasonCode: 'EXAMS', pausedAt: now } };
const left: VolunteerEvent = {
  type: 'VolunteerLeft',
  data: { volunteerId, reasonCode: 'MOVED_AWAY', leftOn: '2025-05-09' },
};
/** Registered before training began, so that the rest of the lifecycle follows it in time. */
const enrolled: VolunteerEvent = {
  type: 'VolunteerRegistered',
  data: {
    ...registered.data,
    registeredAt: '2025-04-28T09:00:00.000Z',
  },
};
const ready = [enrolled, training, course, agreement, insurance];
const active = [...ready, activated];
const certificate: VolunteerEvent = {
  type: 'CertificateIssued',
  data: {
    certificateNo: 'CERT-2025-001',
    verificationCode: 'X7K2-9QPL',
    policyVersion: '2025.1',
    serviceFrom: '2024-09-01',
    serviceTo: '2025-04-30',
    approvedHours: 52.5,
    activities: ['CZECH_PRACTICE', 'ACCOMPANIMENT'],
    issuedOn: '2025-05-10',
  },
};

describe('Volunteer decider', () => {
  describe('RegisterVolunteer', () => {
    const register = (dateOfBirth: string) =>
      cmd('RegisterVolunteer', {
        name: 'Jana N.',
        email: 'jana@example.org',
        phone: '+420 600 000 000',
        dateOfBirth,
        languages: ['cs', 'uk', 'cs'],
        regions: ['PRAGUE'],
        availability: [{ day: 'TUESDAY', part: 'AFTERNOON' }],
        interests: ['CZECH_PRACTICE'],
      });
    it('registers an applicant who turns 15 on the day', () => {
      given([]).when(register('2010-05-10')).then([registered]);
    });
    it('keeps each availability slot and language once', () => {
      const twice = cmd('RegisterVolunteer', {
        ...(register('2010-05-10').data as object),
        availability: [
          { day: 'TUESDAY', part: 'AFTERNOON' },
          { day: 'TUESDAY', part: 'AFTERNOON' },
        ],
      } as never);
      given([]).when(twice).then([registered]);
    });
    it('rejects an applicant under 15', () => {
      given([]).when(register('2010-05-11')).then('VOLUNTEER.UNDER_AGE');
    });
    it('registers someone born on 1 January 1900', () => {
      expect(given([]).when(register('1900-01-01')).events()).toHaveLength(1);
    });
    it('rejects a date of birth before 1900', () => {
      given([]).when(register('1899-12-31')).then('VALIDATION.INVALID_DATE');
      given([]).when(register('1800-01-01')).then('VALIDATION.INVALID_DATE');
    });
    it('rejects a date of birth in the future', () => {
      given([]).when(register('2030-01-01')).then('VOLUNTEER.UNDER_AGE');
    });
    it('rejects a second registration', () => {
      given([registered]).when(register('2000-01-01')).then('VOLUNTEER.ALREADY_REGISTERED');
    });
    it('rejects an unknown region', () => {
      given([])
        .when(
          cmd('RegisterVolunteer', {
            name: 'J',
            email: 'e',
            phone: 'p',
            dateOfBirth: '2000-01-01',
            languages: ['cs'],
            regions: ['BRNO' as never],
            availability: [],
            interests: [],
          }),
        )
        .then('VALIDATION.UNKNOWN_VALUE');
    });
  });

  describe('lifecycle to ACTIVE', () => {
    it('starts training from APPLICANT only', () => {
      given([registered])
        .when(cmd('StartVolunteerTraining', {}))
        .then([{ type: 'VolunteerTrainingStarted', data: { startedOn: '2025-05-10' } }]);
      given([registered, training]).when(cmd('StartVolunteerTraining', {})).then('VOLUNTEER.NOT_APPLICANT');
      given([]).when(cmd('StartVolunteerTraining', {})).then('VOLUNTEER.NOT_FOUND');
    });
    it('completes the course once, in training', () => {
      const complete = cmd('CompleteIntroductoryCourse', {
        courseId: 'course-2025-05',
        completedOn: '2025-05-05',
      });
      given([enrolled, training]).when(complete).then([course]);
      given([registered]).when(complete).then('VOLUNTEER.NOT_IN_TRAINING');
      given([registered, training, course]).when(complete).then('VOLUNTEER.COURSE_ALREADY_COMPLETED');
      given([registered, training])
        .when(cmd('CompleteIntroductoryCourse', { courseId: 'c', completedOn: '2025-05-11' }))
        .then('VALIDATION.DATE_IN_FUTURE');
    });
    it('hands out the guide', () => {
      given([registered])
        .when(cmd('HandOutGuide', { edition: '2025' }))
        .then([{ type: 'GuideHandedOut', data: { edition: '2025', handedOutOn: '2025-05-10' } }]);
      given([registered, left])
        .when(cmd('HandOutGuide', { edition: '2025' }))
        .then('VOLUNTEER.LEFT');
    });
    it('records a signed agreement, omitting an absent end', () => {
      given([registered])
        .when(cmd('SignVolunteerAgreement', { agreementId: 'a-2', signedOn: '2025-05-06' }))
        .then([{ type: 'VolunteerAgreementSigned', data: { agreementId: 'a-2', signedOn: '2025-05-06' } }]);
      given([registered, agreement])
        .when(cmd('SignVolunteerAgreement', { agreementId: 'agreement-1', signedOn: '2025-05-06' }))
        .then('VOLUNTEER.AGREEMENT_ALREADY_SIGNED');
      given([registered])
        .when(
          cmd('SignVolunteerAgreement', {
            agreementId: 'a-3',
            signedOn: '2025-05-06',
            validUntil: '2025-05-01',
          }),
        )
        .then('VALIDATION.INVALID_RANGE');
    });
    it('records insurance', () => {
      given([registered])
        .when(cmd('ArrangeInsurance', { policyRef: 'POL-1', from: '2025-05-01', to: '2025-12-31' }))
        .then([insurance]);
      given([registered, insurance])
        .when(cmd('ArrangeInsurance', { policyRef: 'POL-1', from: '2026-01-01', to: '2026-12-31' }))
        .then('VOLUNTEER.INSURANCE_ALREADY_ARRANGED');
      given([registered])
        .when(cmd('ArrangeInsurance', { policyRef: 'POL-2', from: '2025-12-31', to: '2025-01-01' }))
        .then('VALIDATION.INVALID_RANGE');
    });
    it('activates when course, agreement and insurance hold', () => {
      given(ready)
        .when(cmd('ActivateVolunteer', {}))
        .then([{ type: 'VolunteerActivated', data: { activatedOn: '2025-05-10' } }]);
    });
    it('refuses activation without each gate', () => {
      const activate = cmd('ActivateVolunteer', {});
      given([registered, training, agreement, insurance])
        .when(activate)
        .then('VOLUNTEER.COURSE_NOT_COMPLETED');
      given([registered, training, course, insurance])
        .when(activate)
        .then('VOLUNTEER.AGREEMENT_NOT_IN_FORCE');
      given([registered, training, course, agreement]).when(activate).then('VOLUNTEER.NOT_INSURED');
      given(ready)
        .when(cmd('ActivateVolunteer', {}, '2026-01-02T00:00:00.000Z'))
        .then('VOLUNTEER.NOT_INSURED');
      given([registered]).when(activate).then('VOLUNTEER.NOT_IN_TRAINING');
      given(active).when(activate).then('VOLUNTEER.NOT_IN_TRAINING');
    });
  });

  describe('ACTIVE ⇄ PAUSED → LEFT', () => {
    it('pauses an active volunteer', () => {
      given(active)
        .when(cmd('PauseVolunteer', { reasonCode: 'EXAMS' }))
        .then([paused]);
      given(ready)
        .when(cmd('PauseVolunteer', { reasonCode: 'EXAMS' }))
        .then('VOLUNTEER.NOT_ACTIVE');
    });
    it('resumes a paused volunteer whose agreement and insurance are still in force', () => {
      given([...active, paused])
        .when(cmd('ResumeVolunteer', { reasonCode: 'BACK' }))
        .then([{ type: 'VolunteerResumed', data: { reasonCode: 'BACK', resumedAt: now } }]);
      given(active)
        .when(cmd('ResumeVolunteer', { reasonCode: 'BACK' }))
        .then('VOLUNTEER.NOT_PAUSED');
      given([...active, paused])
        .when(cmd('ResumeVolunteer', { reasonCode: 'BACK' }, '2026-01-02T00:00:00.000Z'))
        .then('VOLUNTEER.NOT_INSURED');
    });
    it('records leaving, once', () => {
      given(active)
        .when(cmd('RecordVolunteerLeaving', { reasonCode: 'MOVED_AWAY', leftOn: '2025-05-09' }))
        .then([left]);
      given([...active, left])
        .when(cmd('RecordVolunteerLeaving', { reasonCode: 'MOVED_AWAY', leftOn: '2025-05-09' }))
        .then('VOLUNTEER.LEFT');
      given(active)
        .when(cmd('RecordVolunteerLeaving', { reasonCode: 'moved', leftOn: '2025-05-09' }))
        .then('VALIDATION.INVALID_REASON_CODE');
    });
    it('records leaving on the day of registration', () => {
      expect(
        given([enrolled])
          .when(cmd('RecordVolunteerLeaving', { reasonCode: 'MOVED_AWAY', leftOn: '2025-04-28' }))
          .events(),
      ).toHaveLength(1);
    });
    it('rejects leaving before the volunteer was registered', () => {
      for (const leftOn of ['2025-04-27', '1800-01-01']) {
        given(active)
          .when(cmd('RecordVolunteerLeaving', { reasonCode: 'MOVED_AWAY', leftOn }))
          .then('VALIDATION.INVALID_RANGE');
      }
    });
    it('ends every open match of a leaving volunteer through commands', () => {
      const commands = onVolunteerLeft(
        left,
        [
          { matchId: 'm-1', acceptedOn: '2025-05-01', lastMeetingOn: null },
          { matchId: 'm-2', acceptedOn: null, lastMeetingOn: null },
          { matchId: 'm-1', acceptedOn: '2025-05-01', lastMeetingOn: null },
        ],
        now,
      );
      expect(commands).toEqual([
        {
          type: 'EndMatch',
          data: { matchId: 'm-1', reasonCode: 'VOLUNTEER_LEFT', endedOn: '2025-05-09', now },
        },
        {
          type: 'EndMatch',
          data: { matchId: 'm-2', reasonCode: 'VOLUNTEER_LEFT', endedOn: '2025-05-09', now },
        },
      ]);
      expect(onVolunteerLeft(left, [], now)).toEqual([]);
    });
    it("given a leaving dated before a match's last meeting, then that match ends on the day of that meeting", () => {
      expect(
        onVolunteerLeft(
          left,
          [
            { matchId: 'm-met', acceptedOn: '2025-05-01', lastMeetingOn: '2025-05-12' },
            { matchId: 'm-earlier', acceptedOn: '2025-05-01', lastMeetingOn: '2025-05-03' },
          ],
          now,
        ),
      ).toEqual([
        {
          type: 'EndMatch',
          data: { matchId: 'm-met', reasonCode: 'VOLUNTEER_LEFT', endedOn: '2025-05-12', now },
        },
        {
          type: 'EndMatch',
          data: { matchId: 'm-earlier', reasonCode: 'VOLUNTEER_LEFT', endedOn: '2025-05-09', now },
        },
      ]);
    });
    it('given a leaving dated before a match was accepted, then that match ends on the day it was accepted', () => {
      expect(
        onVolunteerLeft(left, [{ matchId: 'm-late', acceptedOn: '2025-05-20', lastMeetingOn: null }], now),
      ).toEqual([
        {
          type: 'EndMatch',
          data: { matchId: 'm-late', reasonCode: 'VOLUNTEER_LEFT', endedOn: '2025-05-20', now },
        },
      ]);
    });
  });

  describe('consultations and attendance', () => {
    it('records a consultation with optional match and notes', () => {
      given(active)
        .when(
          cmd('RecordConsultation', {
            consultationId: 'k-1',
            with: 'SOCIAL_WORKER',
            heldOn: '2025-05-09',
            matchId: 'm-1',
            notes: 'Talked about the housing situation.',
          }),
        )
        .then([
          {
            type: 'ConsultationHeld',
            data: {
              consultationId: 'k-1',
              with: 'SOCIAL_WORKER',
              heldOn: '2025-05-09',
              matchId: 'm-1',
              notes: 'Talked about the housing situation.',
            },
          },
        ]);
      given(active)
        .when(
          cmd('RecordConsultation', { consultationId: 'k-2', with: 'CZECH_TEACHER', heldOn: '2025-05-09' }),
        )
        .then([
          {
            type: 'ConsultationHeld',
            data: { consultationId: 'k-2', with: 'CZECH_TEACHER', heldOn: '2025-05-09' },
          },
        ]);
      given(active)
        .when(
          cmd('RecordConsultation', { consultationId: 'k-3', with: 'LAWYER' as never, heldOn: '2025-05-09' }),
        )
        .then('VALIDATION.UNKNOWN_VALUE');
      given(active)
        .when(cmd('RecordConsultation', { consultationId: 'k-4', with: 'COORDINATOR', heldOn: '2025-06-01' }))
        .then('VALIDATION.DATE_IN_FUTURE');
    });
    it('records group meeting and supervision attendance once per session', () => {
      given(active)
        .when(cmd('RecordGroupMeetingAttendance', { sessionId: 's-1', date: '2025-05-02' }))
        .then([{ type: 'GroupMeetingAttended', data: { sessionId: 's-1', date: '2025-05-02' } }]);
      const supervised: VolunteerEvent = {
        type: 'SupervisionAttended',
        data: { sessionId: 's-2', date: '2025-05-03' },
      };
      given(active)
        .when(cmd('RecordSupervisionAttendance', { sessionId: 's-2', date: '2025-05-03' }))
        .then([supervised]);
      given([...active, supervised])
        .when(cmd('RecordSupervisionAttendance', { sessionId: 's-2', date: '2025-05-03' }))
        .then('VOLUNTEER.ATTENDANCE_ALREADY_RECORDED');
    });
    it('records attendance at a session held on or before the day the volunteer left, not after it', () => {
      // `left` is dated 2025-05-09: a session of that day or earlier may be recorded late.
      given([...active, left])
        .when(cmd('RecordGroupMeetingAttendance', { sessionId: 's-3', date: '2025-05-09' }))
        .then([{ type: 'GroupMeetingAttended', data: { sessionId: 's-3', date: '2025-05-09' } }]);
      given([...active, left])
        .when(cmd('RecordSupervisionAttendance', { sessionId: 's-4', date: '2025-05-10' }))
        .then('VOLUNTEER.LEFT');
    });
  });

  describe('activity dated before registration', () => {
    // `enrolled` registered on 2025-04-28; the same day is fine, the day before is not.
    const inTraining = [enrolled, training];
    const rejection = (history: readonly VolunteerEvent[], command: VolunteerCommand) => {
      const decision = volunteerDecider.decide(command, fold(volunteerDecider, history));
      return decision.ok ? { ok: true } : { code: decision.rejection.code, field: decision.rejection.field };
    };
    const cases: readonly [string, readonly VolunteerEvent[], (day: string) => VolunteerCommand, string][] = [
      [
        'a supervision',
        active,
        (date) => cmd('RecordSupervisionAttendance', { sessionId: 's-9', date }),
        'date',
      ],
      [
        'a group meeting',
        active,
        (date) => cmd('RecordGroupMeetingAttendance', { sessionId: 's-9', date }),
        'date',
      ],
      [
        'a consultation',
        active,
        (heldOn) => cmd('RecordConsultation', { consultationId: 'k-9', with: 'SOCIAL_WORKER', heldOn }),
        'heldOn',
      ],
      [
        'the introductory course',
        inTraining,
        (completedOn) => cmd('CompleteIntroductoryCourse', { courseId: 'course-1', completedOn }),
        'completedOn',
      ],
    ];
    it.each(cases)(
      'rejects %s dated before registration with INVALID_RANGE',
      (_, history, command, field) => {
        for (const day of ['2025-04-27', '2001-01-01', '1901-01-02']) {
          given(history).when(command(day)).then('VALIDATION.INVALID_RANGE');
          expect(rejection(history, command(day))).toEqual({ code: 'VALIDATION.INVALID_RANGE', field });
        }
      },
    );
    it.each(cases)('accepts %s dated on the day of registration', (_, history, command) => {
      expect(given(history).when(command('2025-04-28')).events()).toHaveLength(1);
    });
    it('does not count a supervision dated before registration', () => {
      const state = fold(volunteerDecider, active);
      const decision = volunteerDecider.decide(
        cmd('RecordSupervisionAttendance', { sessionId: 's-9', date: '1901-01-02' }),
        state,
      );
      expect(decision.ok).toBe(false);
      expect(state.supervisionsAttended).toBe(0);
    });
  });

  describe('certificates', () => {
    const issue = (
      overrides: Partial<Extract<VolunteerCommand, { type: 'IssueCertificate' }>['data']> = {},
    ) =>
      cmd('IssueCertificate', {
        certificateNo: 'CERT-2025-001',
        verificationCode: 'X7K2-9QPL',
        policyVersion: '2025.1',
        serviceFrom: '2024-09-01',
        serviceTo: '2025-04-30',
        approvedHours: 52.5,
        activities: ['CZECH_PRACTICE', 'ACCOMPANIMENT'],
        ...overrides,
      });
    const revoked: VolunteerEvent = {
      type: 'CertificateRevoked',
      data: { certificateNo: 'CERT-2025-001', reasonCode: 'ISSUED_IN_ERROR', revokedAt: now },
    };
    it('issues a certificate, also to a volunteer who has left', () => {
      given(active).when(issue()).then([certificate]);
      given([...active, left])
        .when(issue())
        .then([certificate]);
    });
    it('rejects a second certificate for the same policy period', () => {
      given([...active, certificate])
        .when(issue({ certificateNo: 'CERT-2025-002' }))
        .then('CERTIFICATE.ALREADY_ISSUED');
    });
    it('allows a replacement once the first was revoked, under a new number', () => {
      given([...active, certificate, revoked])
        .when(issue({ certificateNo: 'CERT-2025-002' }))
        .then([{ ...certificate, data: { ...certificate.data, certificateNo: 'CERT-2025-002' } }]);
      given([...active, certificate, revoked])
        .when(issue())
        .then('CERTIFICATE.NUMBER_TAKEN');
    });
    it('rejects a certificate without approved hours or with a reversed period', () => {
      given(active)
        .when(issue({ approvedHours: 0 }))
        .then('CERTIFICATE.NO_APPROVED_HOURS');
      given(active)
        .when(issue({ serviceFrom: '2025-05-01' }))
        .then('VALIDATION.INVALID_RANGE');
    });
    it('revokes a certificate once', () => {
      const revoke = cmd('RevokeCertificate', {
        certificateNo: 'CERT-2025-001',
        reasonCode: 'ISSUED_IN_ERROR',
      });
      given([...active, certificate])
        .when(revoke)
        .then([revoked]);
      given([...active, certificate, revoked])
        .when(revoke)
        .then('CERTIFICATE.ALREADY_REVOKED');
      given(active).when(revoke).then('CERTIFICATE.NOT_FOUND');
    });
  });
});
