import type { DomainEvent } from '../../shared/decider';
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

/** How to reach a client; at least one key is present, absent ones are omitted (never `undefined`). */
export interface ClientContact {
  readonly phone?: string;
  readonly email?: string;
  readonly address?: string;
}

export type ClientRegistered = DomainEvent<
  'ClientRegistered',
  {
    readonly clientId: string;
    /** 🔒 */
    readonly name: string;
    /** 🔒 */
    readonly contact: ClientContact;
    /** 🔒 Absent when not given. */
    readonly dateOfBirth?: CalendarDate;
    /** 🔒 */
    readonly countryOfOrigin: CountryCode;
    readonly languages: readonly LanguageCode[];
    readonly region: Region;
    readonly needs: readonly Need[];
    readonly availability: readonly AvailabilitySlot[];
    readonly registeredAt: Instant;
  }
>;

export type ClientContactUpdated = DomainEvent<
  'ClientContactUpdated',
  {
    /** 🔒 */
    readonly contact: ClientContact;
    readonly updatedAt: Instant;
  }
>;

export type ConsentGiven = DomainEvent<
  'ConsentGiven',
  {
    readonly consentId: string;
    readonly purposes: readonly Purpose[];
    readonly dataCategories: readonly DataCategory[];
    readonly recipients: readonly Recipient[];
    readonly lawfulBasis: LawfulBasis;
    /** When the consent was given: an instant, or a date meaning the start of that day in Prague. */
    readonly givenOn: Instant;
    /** Last day the consent is in force (inclusive); it has expired from midnight in Prague after it. */
    readonly expiresOn?: CalendarDate;
    readonly method: ConsentMethod;
    /** Where the evidence is kept (form number, file reference); never the evidence itself. */
    readonly evidenceRef: string;
    readonly noticeVersion: string;
    /** Language the information notice was given in (ISO 639-1). */
    readonly language: LanguageCode;
    readonly interpreterUsed: boolean;
    readonly recordedAt: Instant;
  }
>;

export type ConsentWithdrawn = DomainEvent<
  'ConsentWithdrawn',
  {
    readonly consentId: string;
    /** Effective instant (or date = start of that day); may precede the recording, never follow it. */
    readonly withdrawnOn: Instant;
    readonly method: ConsentMethod;
    readonly recordedAt: Instant;
  }
>;

export type DisclosureBasis = { readonly consentId: string } | { readonly legalObligation: string };

export type InformationDisclosed = DomainEvent<
  'InformationDisclosed',
  {
    readonly disclosureId: string;
    readonly recipient: Recipient;
    readonly purpose: Purpose;
    readonly dataCategories: readonly DataCategory[];
    readonly basis: DisclosureBasis;
    readonly disclosedBy: string;
    readonly disclosedAt: Instant;
    /** Present when the recipient was disclosed to as the volunteer of this active match (auditors need it). */
    readonly matchId?: string;
  }
>;

export type DisclosureRefused = DomainEvent<
  'DisclosureRefused',
  {
    readonly disclosureId: string;
    readonly recipient: Recipient;
    readonly purpose: Purpose;
    readonly dataCategories: readonly DataCategory[];
    /** Always `CONSENT.NOT_IN_FORCE` today; a code, so that new refusal reasons need no new event. */
    readonly reasonCode: string;
    /** The coverage verdict behind the refusal, e.g. `CONSENT.WITHDRAWN` (see coveringConsent). */
    readonly coverageCode: string;
    readonly requestedBy: string;
    readonly refusedAt: Instant;
    readonly matchId?: string;
  }
>;

export type ClientPersonalDataErased = DomainEvent<
  'ClientPersonalDataErased',
  {
    readonly requestedBy: string;
    readonly reasonCode: ReasonCode;
    readonly erasedAt: Instant;
  }
>;

export type ClientDeparted = DomainEvent<
  'ClientDeparted',
  {
    readonly leftOn: CalendarDate;
    readonly reasonCode: ReasonCode;
  }
>;

export type ClientEvent =
  | ClientRegistered
  | ClientContactUpdated
  | ConsentGiven
  | ConsentWithdrawn
  | InformationDisclosed
  | DisclosureRefused
  | ClientPersonalDataErased
  | ClientDeparted;

export type ConsentEvent = ConsentGiven | ConsentWithdrawn;
