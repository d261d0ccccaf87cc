import { accept, type Decider, type Decision } from '../../shared/decider';
import { NEEDS, REGIONS } from '../../shared/reference-data';
import {
  decideWith,
  distinct,
  distinctSlots,
  mustBeAvailability,
  mustBeCountry,
  mustBeDate,
  mustBeDateOrInstant,
  mustBeInstant,
  mustBeLanguages,
  mustBeOneOf,
  mustBePartyIds,
  mustBeReasonCode,
  mustNotBeBlank,
  mustNotBeEmpty,
  rejectWith,
  firstViolation,
} from '../../shared/rules';
import { CONSENT_METHODS, DATA_CATEGORIES, LAWFUL_BASES, PURPOSES } from '../consent/consent.types';
import { coveringConsent, notBeforeConsentFacts } from '../consent/covering-consent';
import type {
  ClientCommand,
  DiscloseInformation,
  EraseClientPersonalData,
  GiveConsent,
  RecordClientDeparture,
  RegisterClient,
  UpdateClientContact,
  WithdrawConsent,
} from './client.commands';
import type { ClientContact, ClientEvent } from './client.events';
import * as rules from './client.rules';
import { evolveClient, initialClientState, type ClientState } from './client.state';

/** Drops absent and blank keys so that the event data stays JSON-safe. */
const cleanContact = (contact: ClientContact): ClientContact => {
  const clean: { phone?: string; email?: string; address?: string } = {};
  if (contact.phone !== undefined && contact.phone.trim() !== '') clean.phone = contact.phone.trim();
  if (contact.email !== undefined && contact.email.trim() !== '') clean.email = contact.email.trim();
  if (contact.address !== undefined && contact.address.trim() !== '') clean.address = contact.address.trim();
  return clean;
};

const registerClient = ({ data }: RegisterClient, state: ClientState): Decision<ClientEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.clientMustNotBeRegistered(state),
      mustNotBeBlank(data.name, 'name'),
      // A newly arrived client may have no phone or address yet; a coordinator adds them when there are some.
      mustBeDate(data.dateOfBirth, 'dateOfBirth'),
      rules.dateOfBirthMustBePast(data.dateOfBirth, data.now),
      rules.dateOfBirthMustBePlausible(data.dateOfBirth),
      mustBeCountry(data.countryOfOrigin, 'countryOfOrigin'),
      mustNotBeEmpty(data.languages, 'languages'),
      mustBeLanguages(data.languages, 'languages'),
      mustBeOneOf([data.region], REGIONS, 'region'),
      mustBeOneOf(data.needs, NEEDS, 'needs'),
      mustBeAvailability(data.availability ?? [], 'availability'),
    ],
    () => [
      {
        type: 'ClientRegistered',
        data: {
          clientId: data.clientId,
          name: data.name.trim(),
          contact: cleanContact(data.contact),
          ...(data.dateOfBirth === undefined ? {} : { dateOfBirth: data.dateOfBirth }),
          countryOfOrigin: data.countryOfOrigin,
          languages: distinct(data.languages),
          region: data.region,
          needs: distinct(data.needs),
          availability: distinctSlots(data.availability ?? []),
          registeredAt: data.now,
        },
      },
    ],
  );

const updateContact = ({ data }: UpdateClientContact, state: ClientState): Decision<ClientEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.clientMustBeRegistered(state),
      rules.clientMustNotBeErased(state),
      rules.contactMustNotBeEmpty(data.contact),
    ],
    () => [
      { type: 'ClientContactUpdated', data: { contact: cleanContact(data.contact), updatedAt: data.now } },
    ],
  );

const giveConsent = ({ data }: GiveConsent, state: ClientState): Decision<ClientEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.clientMustBeRegistered(state),
      rules.clientMustNotBeErased(state),
      rules.clientMustNotHaveDeparted(state),
      rules.consentIdMustBeNew(state, data.consentId),
      mustNotBeEmpty(data.purposes, 'purposes'),
      mustBeOneOf(data.purposes, PURPOSES, 'purposes'),
      mustNotBeEmpty(data.dataCategories, 'dataCategories'),
      mustBeOneOf(data.dataCategories, DATA_CATEGORIES, 'dataCategories'),
      mustNotBeEmpty(data.recipients, 'recipients'),
      () => firstViolation(data.recipients.map((recipient) => mustNotBeBlank(recipient, 'recipients'))),
      mustBePartyIds(data.recipients, 'recipients'),
      mustBeOneOf([data.lawfulBasis], LAWFUL_BASES, 'lawfulBasis'),
      mustBeOneOf([data.method], CONSENT_METHODS, 'method'),
      mustBeDateOrInstant(data.givenOn, 'givenOn'),
      mustBeDate(data.expiresOn, 'expiresOn'),
      rules.consentMustNotBeGivenInFuture(data.givenOn, data.now),
      rules.expiryMustFollowGiving(data.givenOn, data.expiresOn),
      rules.specialCategoriesNeedExplicitConsent(data.dataCategories, data.lawfulBasis),
      mustNotBeBlank(data.evidenceRef, 'evidenceRef'),
      mustNotBeBlank(data.noticeVersion, 'noticeVersion'),
      mustBeLanguages([data.language], 'language'),
    ],
    () => [
      {
        type: 'ConsentGiven',
        data: {
          consentId: data.consentId,
          purposes: distinct(data.purposes),
          dataCategories: distinct(data.dataCategories),
          recipients: distinct(data.recipients),
          lawfulBasis: data.lawfulBasis,
          givenOn: data.givenOn,
          ...(data.expiresOn === undefined ? {} : { expiresOn: data.expiresOn }),
          method: data.method,
          evidenceRef: data.evidenceRef,
          noticeVersion: data.noticeVersion,
          language: data.language,
          interpreterUsed: data.interpreterUsed,
          recordedAt: data.now,
        },
      },
    ],
  );

/** Withdrawing is as easy as giving: allowed even after departure or erasure, since it only narrows use. */
const withdrawConsent = ({ data }: WithdrawConsent, state: ClientState): Decision<ClientEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.clientMustBeRegistered(state),
      rules.consentMustExist(state, data.consentId),
      rules.consentMustNotBeWithdrawn(state, data.consentId),
      mustBeOneOf([data.method], CONSENT_METHODS, 'method'),
      mustBeDateOrInstant(data.withdrawnOn, 'withdrawnOn'),
      rules.withdrawalMustNotBeInFuture(data.withdrawnOn, data.now),
      rules.withdrawalMustNotPrecedeGiving(state, data.consentId, data.withdrawnOn),
    ],
    () => [
      {
        type: 'ConsentWithdrawn',
        data: {
          consentId: data.consentId,
          withdrawnOn: data.withdrawnOn,
          method: data.method,
          recordedAt: data.now,
        },
      },
    ],
  );

/**
 * A disclosure the consents do not cover is not a rejected command: the refusal itself is recorded, because
 * refusals belong to the audit trail.
 */
const discloseInformation = ({ data }: DiscloseInformation, state: ClientState): Decision<ClientEvent> => {
  const broken = firstViolation([
    mustBeInstant(data.now, 'now'),
    rules.clientMustBeRegistered(state),
    rules.clientMustNotBeErased(state),
    rules.disclosureIdMustBeNew(state, data.disclosureId),
    mustNotBeBlank(data.recipient, 'recipient'),
    mustBePartyIds([data.recipient], 'recipient'),
    rules.recipientMustBeParty(data.recipient),
    mustBeOneOf([data.purpose], PURPOSES, 'purpose'),
    mustNotBeEmpty(data.dataCategories, 'dataCategories'),
    mustBeOneOf(data.dataCategories, DATA_CATEGORIES, 'dataCategories'),
    rules.matchContextMustNameRecipient(data.recipient, data.matchContext),
    rules.legalObligationMustBeCited(data.legalObligation),
    mustNotBeBlank(data.requestedBy, 'requestedBy'),
  ]);
  if (broken) return rejectWith(broken);

  const request = {
    disclosureId: data.disclosureId,
    recipient: data.recipient,
    purpose: data.purpose,
    dataCategories: distinct(data.dataCategories),
  };
  const matchId = data.matchContext === undefined ? {} : { matchId: data.matchContext.matchId };
  // Judged and recorded no earlier than any consent fact already in the stream (`notBeforeConsentFacts`): the
  // auditor replays the verdict at the recorded instant, and a withdrawal read here must count.
  const at = notBeforeConsentFacts(data.now, state.consentHistory);
  if (data.legalObligation !== undefined) {
    return accept({
      type: 'InformationDisclosed',
      data: {
        ...request,
        basis: { legalObligation: data.legalObligation.trim() },
        disclosedBy: data.requestedBy,
        disclosedAt: at,
        ...matchId,
      },
    });
  }
  const verdict = coveringConsent(
    state.consentHistory,
    data.recipient,
    data.purpose,
    request.dataCategories,
    at,
    data.matchContext === undefined ? {} : { assignedVolunteerId: data.matchContext.volunteerId },
  );
  if (verdict.covered) {
    return accept({
      type: 'InformationDisclosed',
      data: {
        ...request,
        basis: { consentId: verdict.consent.consentId },
        disclosedBy: data.requestedBy,
        disclosedAt: at,
        ...matchId,
      },
    });
  }
  return accept({
    type: 'DisclosureRefused',
    data: {
      ...request,
      reasonCode: 'CONSENT.NOT_IN_FORCE',
      coverageCode: verdict.reason.code,
      requestedBy: data.requestedBy,
      refusedAt: at,
      ...matchId,
    },
  });
};

const eraseClient = ({ data }: EraseClientPersonalData, state: ClientState): Decision<ClientEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.clientMustBeRegistered(state),
      rules.clientMustNotBeErased(state),
      mustNotBeBlank(data.requestedBy, 'requestedBy'),
      mustBeReasonCode(data.reasonCode, 'reasonCode'),
    ],
    () => [
      {
        type: 'ClientPersonalDataErased',
        data: { requestedBy: data.requestedBy, reasonCode: data.reasonCode, erasedAt: data.now },
      },
    ],
  );

const recordDeparture = ({ data }: RecordClientDeparture, state: ClientState): Decision<ClientEvent> =>
  decideWith(
    [
      mustBeInstant(data.now, 'now'),
      rules.clientMustBeRegistered(state),
      rules.clientMustNotHaveDeparted(state),
      mustBeDate(data.leftOn, 'leftOn'),
      rules.departureMustNotBeInFuture(data.leftOn, data.now),
      rules.departureMustNotPrecedeRegistration(state, data.leftOn),
      mustBeReasonCode(data.reasonCode, 'reasonCode'),
    ],
    () => [{ type: 'ClientDeparted', data: { leftOn: data.leftOn, reasonCode: data.reasonCode } }],
  );

export function decideClient(command: ClientCommand, state: ClientState): Decision<ClientEvent> {
  switch (command.type) {
    case 'RegisterClient':
      return registerClient(command, state);
    case 'UpdateClientContact':
      return updateContact(command, state);
    case 'GiveConsent':
      return giveConsent(command, state);
    case 'WithdrawConsent':
      return withdrawConsent(command, state);
    case 'DiscloseInformation':
      return discloseInformation(command, state);
    case 'EraseClientPersonalData':
      return eraseClient(command, state);
    case 'RecordClientDeparture':
      return recordDeparture(command, state);
  }
}

export const clientDecider: Decider<ClientCommand, ClientEvent, ClientState> = {
  initialState: initialClientState,
  evolve: evolveClient,
  decide: decideClient,
};

export const clientStreamId = (clientId: string): string => `client-${clientId}`;
