import type { Decider, Decision } from '../../shared/decider';
import { NEEDS, REGIONS } from '../../shared/reference-data';
import {
  decideWith,
  distinct,
  distinctSlots,
  mustBeAvailability,
  mustBeDate,
  mustBeInstant,
  mustBeLanguages,
  mustBeOneOf,
  mustBeReasonCode,
  mustNotBeBlank,
  mustNotBeEmpty,
  type Rule,
} from '../../shared/rules';
import { dateOf } from '../../shared/time';
import type { VolunteerCommand } from './volunteer.commands';
import { CONSULTANTS, type VolunteerEvent } from './volunteer.events';
import * as rules from './volunteer.rules';
import { evolveVolunteer, initialVolunteerState, type VolunteerState } from './volunteer.state';

/** Rules every command on an existing, still-serving volunteer starts with. */
const serving = (state: VolunteerState, now: string): Rule[] => [
  mustBeInstant(now, 'now'),
  rules.volunteerMustBeRegistered(state),
  rules.volunteerMustNotHaveLeft(state),
];

export function decideVolunteer(command: VolunteerCommand, state: VolunteerState): Decision<VolunteerEvent> {
  switch (command.type) {
    case 'RegisterVolunteer': {
      const { data } = command;
      return decideWith(
        [
          mustBeInstant(data.now, 'now'),
          rules.volunteerMustNotBeRegistered(state),
          mustNotBeBlank(data.name, 'name'),
          mustNotBeBlank(data.email, 'email'),
          mustNotBeBlank(data.phone, 'phone'),
          mustBeDate(data.dateOfBirth, 'dateOfBirth'),
          rules.volunteerMustBeOldEnough(data.dateOfBirth, data.now),
          rules.dateOfBirthMustBePlausible(data.dateOfBirth),
          mustNotBeEmpty(data.languages, 'languages'),
          mustBeLanguages(data.languages, 'languages'),
          mustNotBeEmpty(data.regions, 'regions'),
          mustBeOneOf(data.regions, REGIONS, 'regions'),
          mustBeAvailability(data.availability, 'availability'),
          mustBeOneOf(data.interests, NEEDS, 'interests'),
        ],
        () => [
          {
            type: 'VolunteerRegistered',
            data: {
              volunteerId: data.volunteerId,
              name: data.name.trim(),
              email: data.email.trim(),
              phone: data.phone.trim(),
              dateOfBirth: data.dateOfBirth,
              languages: distinct(data.languages),
              regions: distinct(data.regions),
              availability: distinctSlots(data.availability),
              interests: distinct(data.interests),
              registeredAt: data.now,
            },
          },
        ],
      );
    }
    case 'StartVolunteerTraining':
      return decideWith([...serving(state, command.data.now), rules.volunteerMustBeApplicant(state)], () => [
        { type: 'VolunteerTrainingStarted', data: { startedOn: dateOf(command.data.now) } },
      ]);
    case 'CompleteIntroductoryCourse': {
      const { data } = command;
      return decideWith(
        [
          ...serving(state, data.now),
          rules.volunteerMustBeInTraining(state),
          rules.courseMustNotBeCompleted(state),
          mustNotBeBlank(data.courseId, 'courseId'),
          mustBeDate(data.completedOn, 'completedOn'),
          rules.dayMustNotBeInFuture(data.completedOn, data.now, 'completedOn'),
          rules.dayMustNotPrecedeRegistration(state, data.completedOn, 'completedOn'),
        ],
        () => [
          {
            type: 'IntroductoryCourseCompleted',
            data: { courseId: data.courseId, completedOn: data.completedOn },
          },
        ],
      );
    }
    case 'HandOutGuide':
      return decideWith(
        [...serving(state, command.data.now), mustNotBeBlank(command.data.edition, 'edition')],
        () => [
          {
            type: 'GuideHandedOut',
            data: { edition: command.data.edition, handedOutOn: dateOf(command.data.now) },
          },
        ],
      );
    case 'SignVolunteerAgreement': {
      const { data } = command;
      return decideWith(
        [
          ...serving(state, data.now),
          rules.agreementIdMustBeNew(state, data.agreementId),
          mustBeDate(data.signedOn, 'signedOn'),
          mustBeDate(data.validUntil, 'validUntil'),
          rules.dayMustNotBeInFuture(data.signedOn, data.now, 'signedOn'),
          rules.periodMustBeOrdered(data.signedOn, data.validUntil, 'validUntil'),
        ],
        () => [
          {
            type: 'VolunteerAgreementSigned',
            data: {
              agreementId: data.agreementId,
              signedOn: data.signedOn,
              ...(data.validUntil === undefined ? {} : { validUntil: data.validUntil }),
            },
          },
        ],
      );
    }
    case 'ArrangeInsurance': {
      const { data } = command;
      return decideWith(
        [
          ...serving(state, data.now),
          mustNotBeBlank(data.policyRef, 'policyRef'),
          rules.policyRefMustBeNew(state, data.policyRef),
          mustBeDate(data.from, 'from'),
          mustBeDate(data.to, 'to'),
          rules.periodMustBeOrdered(data.from, data.to, 'to'),
        ],
        () => [
          { type: 'InsuranceArranged', data: { policyRef: data.policyRef, from: data.from, to: data.to } },
        ],
      );
    }
    case 'ActivateVolunteer': {
      const { now } = command.data;
      return decideWith(
        [
          ...serving(state, now),
          rules.volunteerMustBeInTraining(state),
          rules.courseMustBeCompleted(state),
          rules.agreementMustBeInForce(state, now),
          rules.insuranceMustBeInForce(state, now),
        ],
        () => [{ type: 'VolunteerActivated', data: { activatedOn: dateOf(now) } }],
      );
    }
    case 'PauseVolunteer': {
      const { data } = command;
      return decideWith(
        [
          ...serving(state, data.now),
          rules.volunteerMustBeActive(state),
          mustBeReasonCode(data.reasonCode, 'reasonCode'),
        ],
        () => [{ type: 'VolunteerPaused', data: { reasonCode: data.reasonCode, pausedAt: data.now } }],
      );
    }
    case 'ResumeVolunteer': {
      const { data } = command;
      // Coming back to ACTIVE passes the same gates as activation, except the course, which cannot lapse.
      return decideWith(
        [
          ...serving(state, data.now),
          rules.volunteerMustBePaused(state),
          mustBeReasonCode(data.reasonCode, 'reasonCode'),
          rules.agreementMustBeInForce(state, data.now),
          rules.insuranceMustBeInForce(state, data.now),
        ],
        () => [{ type: 'VolunteerResumed', data: { reasonCode: data.reasonCode, resumedAt: data.now } }],
      );
    }
    case 'RecordVolunteerLeaving': {
      const { data } = command;
      return decideWith(
        [
          ...serving(state, data.now),
          mustBeReasonCode(data.reasonCode, 'reasonCode'),
          mustBeDate(data.leftOn, 'leftOn'),
          rules.dayMustNotBeInFuture(data.leftOn, data.now, 'leftOn'),
          rules.dayMustNotPrecedeRegistration(state, data.leftOn, 'leftOn'),
        ],
        () => [
          {
            type: 'VolunteerLeft',
            data: {
              volunteerId: state.volunteerId ?? data.volunteerId,
              reasonCode: data.reasonCode,
              leftOn: data.leftOn,
            },
          },
        ],
      );
    }
    case 'RecordConsultation': {
      const { data } = command;
      return decideWith(
        [
          ...serving(state, data.now),
          mustNotBeBlank(data.consultationId, 'consultationId'),
          mustBeOneOf([data.with], CONSULTANTS, 'with'),
          mustBeDate(data.heldOn, 'heldOn'),
          rules.dayMustNotBeInFuture(data.heldOn, data.now, 'heldOn'),
          rules.dayMustNotPrecedeRegistration(state, data.heldOn, 'heldOn'),
        ],
        () => [
          {
            type: 'ConsultationHeld',
            data: {
              consultationId: data.consultationId,
              with: data.with,
              heldOn: data.heldOn,
              ...(data.matchId === undefined ? {} : { matchId: data.matchId }),
              ...(data.notes === undefined || data.notes.trim() === '' ? {} : { notes: data.notes }),
            },
          },
        ],
      );
    }
    case 'RecordGroupMeetingAttendance':
    case 'RecordSupervisionAttendance': {
      const { data } = command;
      const type =
        command.type === 'RecordGroupMeetingAttendance' ? 'GroupMeetingAttended' : 'SupervisionAttended';
      return decideWith(
        [
          mustBeInstant(data.now, 'now'),
          rules.volunteerMustBeRegistered(state),
          rules.volunteerMustNotHaveLeftBefore(state, data.date),
          rules.attendanceMustBeNew(state, data.sessionId),
          mustBeDate(data.date, 'date'),
          rules.dayMustNotBeInFuture(data.date, data.now, 'date'),
          rules.dayMustNotPrecedeRegistration(state, data.date, 'date'),
        ],
        () => [{ type, data: { sessionId: data.sessionId, date: data.date } }],
      );
    }
    case 'IssueCertificate': {
      const { data } = command;
      // A volunteer who has left may still receive the certificate for the service they gave.
      return decideWith(
        [
          mustBeInstant(data.now, 'now'),
          rules.volunteerMustBeRegistered(state),
          mustNotBeBlank(data.certificateNo, 'certificateNo'),
          mustNotBeBlank(data.verificationCode, 'verificationCode'),
          mustNotBeBlank(data.policyVersion, 'policyVersion'),
          rules.certificateNoMustBeNew(state, data.certificateNo),
          rules.oneCertificatePerPolicyPeriod(state, data.policyVersion),
          mustBeDate(data.serviceFrom, 'serviceFrom'),
          mustBeDate(data.serviceTo, 'serviceTo'),
          rules.periodMustBeOrdered(data.serviceFrom, data.serviceTo, 'serviceTo'),
          rules.dayMustNotBeInFuture(data.serviceTo, data.now, 'serviceTo'),
          rules.certificateMustHaveApprovedHours(data.approvedHours),
        ],
        () => [
          {
            type: 'CertificateIssued',
            data: {
              certificateNo: data.certificateNo,
              verificationCode: data.verificationCode,
              policyVersion: data.policyVersion,
              serviceFrom: data.serviceFrom,
              serviceTo: data.serviceTo,
              approvedHours: data.approvedHours,
              activities: distinct(data.activities),
              issuedOn: dateOf(data.now),
            },
          },
        ],
      );
    }
    case 'RevokeCertificate': {
      const { data } = command;
      return decideWith(
        [
          mustBeInstant(data.now, 'now'),
          rules.volunteerMustBeRegistered(state),
          rules.certificateMustExist(state, data.certificateNo),
          rules.certificateMustNotBeRevoked(state, data.certificateNo),
          mustBeReasonCode(data.reasonCode, 'reasonCode'),
        ],
        () => [
          {
            type: 'CertificateRevoked',
            data: { certificateNo: data.certificateNo, reasonCode: data.reasonCode, revokedAt: data.now },
          },
        ],
      );
    }
  }
}

export const volunteerDecider: Decider<VolunteerCommand, VolunteerEvent, VolunteerState> = {
  initialState: initialVolunteerState,
  evolve: evolveVolunteer,
  decide: decideVolunteer,
};

export const volunteerStreamId = (volunteerId: string): string => `volunteer-${volunteerId}`;
