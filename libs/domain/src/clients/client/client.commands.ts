import type { DomainCommand } from '../../shared/decider';
import type {
  AvailabilitySlot,
  CalendarDate,
  CountryCode,
  Instant,
  LanguageCode,
  Need,
  ReasonCode,
  Region,
} from '../../shared/reference-data';
import type { ConsentMethod, DataCategory, LawfulBasis, Purpose, Recipient } from '../consent/consent.types';
import type { ClientContact } from './client.events';

export type RegisterClient = DomainCommand<
  'RegisterClient',
  {
    readonly clientId: string;
    readonly name: string;
    readonly contact: ClientContact;
    /** Optional: not every client knows or wants to give it. */
    readonly dateOfBirth?: CalendarDate;
    readonly countryOfOrigin: CountryCode;
    readonly languages: readonly LanguageCode[];
    readonly region: Region;
    readonly needs: readonly Need[];
    readonly availability?: readonly AvailabilitySlot[];
    readonly now: Instant;
  }
>;

export type UpdateClientContact = DomainCommand<
  'UpdateClientContact',
  { readonly clientId: string; readonly contact: ClientContact; readonly now: Instant }
>;

export type GiveConsent = DomainCommand<
  'GiveConsent',
  {
    readonly clientId: string;
    readonly consentId: string;
    readonly purposes: readonly Purpose[];
    readonly dataCategories: readonly DataCategory[];
    readonly recipients: readonly Recipient[];
    readonly lawfulBasis: LawfulBasis;
    readonly givenOn: Instant;
    readonly expiresOn?: CalendarDate;
    readonly method: ConsentMethod;
    readonly evidenceRef: string;
    readonly noticeVersion: string;
    readonly language: LanguageCode;
    readonly interpreterUsed: boolean;
    readonly now: Instant;
  }
>;

export type WithdrawConsent = DomainCommand<
  'WithdrawConsent',
  {
    readonly clientId: string;
    readonly consentId: string;
    readonly withdrawnOn: Instant;
    readonly method: ConsentMethod;
    readonly now: Instant;
  }
>;

/** The client's active match, looked up by the handler, when the recipient is disclosed to as its volunteer. */
export interface MatchContext {
  readonly matchId: string;
  readonly volunteerId: string;
}

/**
 * Asks to disclose client data. Without `legalObligation` the client's consents decide: a covered request is
 * recorded as InformationDisclosed, an uncovered one as DisclosureRefused (a successful command either way).
 */
export type DiscloseInformation = DomainCommand<
  'DiscloseInformation',
  {
    readonly clientId: string;
    readonly disclosureId: string;
    readonly recipient: Recipient;
    readonly purpose: Purpose;
    readonly dataCategories: readonly DataCategory[];
    /** Reference text of the legal provision that obliges the disclosure; consent is then not needed. */
    readonly legalObligation?: string;
    readonly matchContext?: MatchContext;
    readonly requestedBy: string;
    readonly now: Instant;
  }
>;

export type EraseClientPersonalData = DomainCommand<
  'EraseClientPersonalData',
  {
    readonly clientId: string;
    readonly requestedBy: string;
    readonly reasonCode: ReasonCode;
    readonly now: Instant;
  }
>;

export type RecordClientDeparture = DomainCommand<
  'RecordClientDeparture',
  {
    readonly clientId: string;
    readonly leftOn: CalendarDate;
    readonly reasonCode: ReasonCode;
    readonly now: Instant;
  }
>;

export type ClientCommand =
  | RegisterClient
  | UpdateClientContact
  | GiveConsent
  | WithdrawConsent
  | DiscloseInformation
  | EraseClientPersonalData
  | RecordClientDeparture;
