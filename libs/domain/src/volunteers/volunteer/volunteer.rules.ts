import type { CalendarDate, Instant } from '../../shared/reference-data';
import { violation, type Rule } from '../../shared/rules';
import { ageOn, dateOf, isCalendarDate } from '../../shared/time';
import { agreementInForceOn, insuredOn, type VolunteerState } from './volunteer.state';

/** Act 198/2002 on volunteer service: volunteers are at least 15 (at least 18 when serving abroad). */
export const MINIMUM_VOLUNTEER_AGE = 15;

export const volunteerMustNotBeRegistered =
  (state: VolunteerState): Rule =>
  () =>
    state.status === 'UNREGISTERED' ? undefined : violation('VOLUNTEER.ALREADY_REGISTERED');

export const volunteerMustBeRegistered =
  (state: VolunteerState): Rule =>
  () =>
    state.status === 'UNREGISTERED' ? violation('VOLUNTEER.NOT_FOUND') : undefined;

export const volunteerMustNotHaveLeft =
  (state: VolunteerState): Rule =>
  () =>
    state.status === 'LEFT' ? violation('VOLUNTEER.LEFT') : undefined;

/**
 * What happened while the volunteer served may be recorded after they left: a session they attended on or
 * before the day they left is still theirs (sessions are often recorded days later, and a re-sent recording
 * must complete what a failure left out).
 */
export const volunteerMustNotHaveLeftBefore =
  (state: VolunteerState, day: CalendarDate): Rule =>
  () =>
    state.status === 'LEFT' && (state.leftOn === undefined || !isCalendarDate(day) || day > state.leftOn)
      ? violation('VOLUNTEER.LEFT')
      : undefined;

export const volunteerMustBeOldEnough =
  (dateOfBirth: CalendarDate, now: Instant): Rule =>
  () =>
    isCalendarDate(dateOfBirth) && ageOn(dateOfBirth, dateOf(now)) < MINIMUM_VOLUNTEER_AGE
      ? violation('VOLUNTEER.UNDER_AGE', 'dateOfBirth')
      : undefined;

/** The earliest plausible date of birth; anything before it is a typing error, not a person. */
export const EARLIEST_DATE_OF_BIRTH: CalendarDate = '1900-01-01';

export const dateOfBirthMustBePlausible =
  (dateOfBirth: CalendarDate): Rule =>
  () =>
    isCalendarDate(dateOfBirth) && dateOfBirth < EARLIEST_DATE_OF_BIRTH
      ? violation('VALIDATION.INVALID_DATE', 'dateOfBirth')
      : undefined;

export const volunteerMustBeApplicant =
  (state: VolunteerState): Rule =>
  () =>
    state.status === 'APPLICANT' ? undefined : violation('VOLUNTEER.NOT_APPLICANT');

export const volunteerMustBeInTraining =
  (state: VolunteerState): Rule =>
  () =>
    state.status === 'IN_TRAINING' ? undefined : violation('VOLUNTEER.NOT_IN_TRAINING');

export const courseMustNotBeCompleted =
  (state: VolunteerState): Rule =>
  () =>
    state.courseCompleted ? violation('VOLUNTEER.COURSE_ALREADY_COMPLETED') : undefined;

export const courseMustBeCompleted =
  (state: VolunteerState): Rule =>
  () =>
    state.courseCompleted ? undefined : violation('VOLUNTEER.COURSE_NOT_COMPLETED');

export const agreementMustBeInForce =
  (state: VolunteerState, now: Instant): Rule =>
  () =>
    agreementInForceOn(state, dateOf(now)) ? undefined : violation('VOLUNTEER.AGREEMENT_NOT_IN_FORCE');

export const insuranceMustBeInForce =
  (state: VolunteerState, now: Instant): Rule =>
  () =>
    insuredOn(state, dateOf(now)) ? undefined : violation('VOLUNTEER.NOT_INSURED');

export const volunteerMustBeActive =
  (state: VolunteerState): Rule =>
  () =>
    state.status === 'ACTIVE' ? undefined : violation('VOLUNTEER.NOT_ACTIVE');

export const volunteerMustBePaused =
  (state: VolunteerState): Rule =>
  () =>
    state.status === 'PAUSED' ? undefined : violation('VOLUNTEER.NOT_PAUSED');

export const agreementIdMustBeNew =
  (state: VolunteerState, agreementId: string): Rule =>
  () =>
    state.agreements.some((agreement) => agreement.agreementId === agreementId)
      ? violation('VOLUNTEER.AGREEMENT_ALREADY_SIGNED', 'agreementId')
      : undefined;

export const policyRefMustBeNew =
  (state: VolunteerState, policyRef: string): Rule =>
  () =>
    state.insurance.some((policy) => policy.policyRef === policyRef)
      ? violation('VOLUNTEER.INSURANCE_ALREADY_ARRANGED', 'policyRef')
      : undefined;

export const periodMustBeOrdered =
  (from: CalendarDate, to: CalendarDate | undefined, field: string): Rule =>
  () =>
    to !== undefined && isCalendarDate(from) && isCalendarDate(to) && to < from
      ? violation('VALIDATION.INVALID_RANGE', field)
      : undefined;

export const dayMustNotBeInFuture =
  (day: CalendarDate, now: Instant, field: string): Rule =>
  () =>
    isCalendarDate(day) && day > dateOf(now) ? violation('VALIDATION.DATE_IN_FUTURE', field) : undefined;

/**
 * Nothing the volunteer did or attended can be dated before they registered: such a date is a typing error,
 * and counting it would credit service (supervisions, training) the program never saw.
 */
export const dayMustNotPrecedeRegistration =
  (state: VolunteerState, day: CalendarDate, field: string): Rule =>
  () =>
    state.registeredOn !== undefined && isCalendarDate(day) && day < state.registeredOn
      ? violation('VALIDATION.INVALID_RANGE', field)
      : undefined;

export const attendanceMustBeNew =
  (state: VolunteerState, sessionId: string): Rule =>
  () =>
    state.attendedSessionIds.includes(sessionId)
      ? violation('VOLUNTEER.ATTENDANCE_ALREADY_RECORDED', 'sessionId')
      : undefined;

export const certificateNoMustBeNew =
  (state: VolunteerState, certificateNo: string): Rule =>
  () =>
    state.certificates.some((certificate) => certificate.certificateNo === certificateNo)
      ? violation('CERTIFICATE.NUMBER_TAKEN', 'certificateNo')
      : undefined;

/** At most one certificate per policy period: a revoked one makes room for its replacement. */
export const oneCertificatePerPolicyPeriod =
  (state: VolunteerState, policyVersion: string): Rule =>
  () =>
    state.certificates.some(
      (certificate) => certificate.policyVersion === policyVersion && !certificate.revoked,
    )
      ? violation('CERTIFICATE.ALREADY_ISSUED', 'policyVersion')
      : undefined;

export const certificateMustHaveApprovedHours =
  (approvedHours: number): Rule =>
  () =>
    Number.isFinite(approvedHours) && approvedHours > 0
      ? undefined
      : violation('CERTIFICATE.NO_APPROVED_HOURS', 'approvedHours');

export const certificateMustExist =
  (state: VolunteerState, certificateNo: string): Rule =>
  () =>
    state.certificates.some((certificate) => certificate.certificateNo === certificateNo)
      ? undefined
      : violation('CERTIFICATE.NOT_FOUND', 'certificateNo');

export const certificateMustNotBeRevoked =
  (state: VolunteerState, certificateNo: string): Rule =>
  () =>
    state.certificates.some(
      (certificate) => certificate.certificateNo === certificateNo && certificate.revoked,
    )
      ? violation('CERTIFICATE.ALREADY_REVOKED', 'certificateNo')
      : undefined;
