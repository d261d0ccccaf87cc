import { violation, type Rule } from '../../shared/rules';
import type { CalendarDate, Instant } from '../../shared/reference-data';
import { dateOf, isAfter, isCalendarDate, isDateOrInstant, toEpochMillis } from '../../shared/time';
import {
  ASSIGNED_VOLUNTEER,
  isSpecialCategory,
  type DataCategory,
  type LawfulBasis,
} from '../consent/consent.types';
import type { ClientContact } from './client.events';
import type { MatchContext } from './client.commands';
import { findConsent, hasConsent, isConsentWithdrawn, type ClientState } from './client.state';

export const clientMustNotBeRegistered =
  (state: ClientState): Rule =>
  () =>
    state.status === 'UNREGISTERED' ? undefined : violation('CLIENT.ALREADY_REGISTERED');

export const clientMustBeRegistered =
  (state: ClientState): Rule =>
  () =>
    state.status === 'UNREGISTERED' ? violation('CLIENT.NOT_FOUND') : undefined;

/** After crypto-shredding there is no personal data left to change or disclose. */
export const clientMustNotBeErased =
  (state: ClientState): Rule =>
  () =>
    state.erased ? violation('CLIENT.ERASED') : undefined;

export const clientMustNotHaveDeparted =
  (state: ClientState): Rule =>
  () =>
    state.status === 'DEPARTED' ? violation('CLIENT.DEPARTED') : undefined;

export const contactMustNotBeEmpty =
  (contact: ClientContact): Rule =>
  () =>
    [contact.phone, contact.email, contact.address].some(
      (value) => value !== undefined && value.trim() !== '',
    )
      ? undefined
      : violation('CLIENT.CONTACT_EMPTY', 'contact');

export const dateOfBirthMustBePast =
  (dateOfBirth: CalendarDate | undefined, now: Instant): Rule =>
  () =>
    dateOfBirth !== undefined && isCalendarDate(dateOfBirth) && dateOfBirth > dateOf(now)
      ? violation('VALIDATION.DATE_IN_FUTURE', 'dateOfBirth')
      : undefined;

/** The earliest plausible date of birth; anything before it is a typing error, not a person. */
export const EARLIEST_DATE_OF_BIRTH: CalendarDate = '1900-01-01';

export const dateOfBirthMustBePlausible =
  (dateOfBirth: CalendarDate | undefined): Rule =>
  () =>
    dateOfBirth !== undefined && isCalendarDate(dateOfBirth) && dateOfBirth < EARLIEST_DATE_OF_BIRTH
      ? violation('VALIDATION.INVALID_DATE', 'dateOfBirth')
      : undefined;

export const consentIdMustBeNew =
  (state: ClientState, consentId: string): Rule =>
  () =>
    hasConsent(state, consentId) ? violation('CONSENT.ALREADY_EXISTS', 'consentId') : undefined;

export const consentMustExist =
  (state: ClientState, consentId: string): Rule =>
  () =>
    hasConsent(state, consentId) ? undefined : violation('CONSENT.NOT_FOUND', 'consentId');

export const consentMustNotBeWithdrawn =
  (state: ClientState, consentId: string): Rule =>
  () =>
    isConsentWithdrawn(state, consentId) ? violation('CONSENT.ALREADY_WITHDRAWN', 'consentId') : undefined;

export const consentMustNotBeGivenInFuture =
  (givenOn: string, now: Instant): Rule =>
  () =>
    isDateOrInstant(givenOn) && isAfter(givenOn, now)
      ? violation('CONSENT.GIVEN_IN_FUTURE', 'givenOn')
      : undefined;

export const expiryMustFollowGiving =
  (givenOn: string, expiresOn: CalendarDate | undefined): Rule =>
  () =>
    expiresOn !== undefined && isDateOrInstant(givenOn) && expiresOn < dateOf(givenOn)
      ? violation('CONSENT.EXPIRES_BEFORE_GIVEN', 'expiresOn')
      : undefined;

/** GDPR Art. 9(2)(a): special categories may be processed on consent only when it is explicit. */
export const specialCategoriesNeedExplicitConsent =
  (dataCategories: readonly DataCategory[], lawfulBasis: LawfulBasis): Rule =>
  () =>
    lawfulBasis !== 'EXPLICIT_CONSENT' && dataCategories.some(isSpecialCategory)
      ? violation('CONSENT.EXPLICIT_CONSENT_REQUIRED', 'lawfulBasis')
      : undefined;

/** A withdrawal may be recorded after it took effect, but cannot take effect in the future. */
export const withdrawalMustNotBeInFuture =
  (withdrawnOn: string, now: Instant): Rule =>
  () =>
    isDateOrInstant(withdrawnOn) && isAfter(withdrawnOn, now)
      ? violation('CONSENT.WITHDRAWN_IN_FUTURE', 'withdrawnOn')
      : undefined;

export const withdrawalMustNotPrecedeGiving =
  (state: ClientState, consentId: string, withdrawnOn: string): Rule =>
  () => {
    const given = findConsent(state, consentId);
    return given?.type === 'ConsentGiven' &&
      isDateOrInstant(withdrawnOn) &&
      toEpochMillis(withdrawnOn) < toEpochMillis(given.data.givenOn)
      ? violation('CONSENT.WITHDRAWN_BEFORE_GIVEN', 'withdrawnOn')
      : undefined;
  };

export const disclosureIdMustBeNew =
  (state: ClientState, disclosureId: string): Rule =>
  () =>
    state.disclosureIds.includes(disclosureId)
      ? violation('DISCLOSURE.ALREADY_RECORDED', 'disclosureId')
      : undefined;

/** Data is disclosed to a party; the role `ASSIGNED_VOLUNTEER` is resolved through the match context. */
export const recipientMustBeParty =
  (recipient: string): Rule =>
  () =>
    recipient === ASSIGNED_VOLUNTEER ? violation('DISCLOSURE.RECIPIENT_NOT_A_PARTY', 'recipient') : undefined;

export const matchContextMustNameRecipient =
  (recipient: string, matchContext: MatchContext | undefined): Rule =>
  () =>
    matchContext !== undefined && matchContext.volunteerId !== recipient
      ? violation('DISCLOSURE.RECIPIENT_NOT_MATCH_VOLUNTEER', 'matchContext')
      : undefined;

export const legalObligationMustBeCited =
  (legalObligation: string | undefined): Rule =>
  () =>
    legalObligation !== undefined && legalObligation.trim() === ''
      ? violation('DISCLOSURE.LEGAL_OBLIGATION_BLANK', 'legalObligation')
      : undefined;

export const departureMustNotBeInFuture =
  (leftOn: CalendarDate, now: Instant): Rule =>
  () =>
    isCalendarDate(leftOn) && leftOn > dateOf(now)
      ? violation('CLIENT.DEPARTURE_IN_FUTURE', 'leftOn')
      : undefined;

/** The client's time in the program runs from registration to departure, never the other way round. */
export const departureMustNotPrecedeRegistration =
  (state: ClientState, leftOn: CalendarDate): Rule =>
  () =>
    state.registeredOn !== undefined && isCalendarDate(leftOn) && leftOn < state.registeredOn
      ? violation('VALIDATION.INVALID_RANGE', 'leftOn')
      : undefined;
