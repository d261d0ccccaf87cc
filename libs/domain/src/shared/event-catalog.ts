import type { ClientEvent } from '../clients/client/client.events';
import type { MatchEvent } from '../matching/match/match.events';
import type { SessionEvent } from '../program/session/session.events';
import type { VolunteerEvent } from '../volunteers/volunteer/volunteer.events';

export type DomainEventUnion = ClientEvent | MatchEvent | SessionEvent | VolunteerEvent;
export type DomainEventType = DomainEventUnion['type'];

/** Stream category of every event type (`<category>-<id>`). */
export const EVENT_STREAM_CATEGORIES = {
  ClientRegistered: 'client',
  ClientContactUpdated: 'client',
  ConsentGiven: 'client',
  ConsentWithdrawn: 'client',
  InformationDisclosed: 'client',
  DisclosureRefused: 'client',
  ClientPersonalDataErased: 'client',
  ClientDeparted: 'client',
  VolunteerRegistered: 'volunteer',
  VolunteerTrainingStarted: 'volunteer',
  IntroductoryCourseCompleted: 'volunteer',
  GuideHandedOut: 'volunteer',
  VolunteerAgreementSigned: 'volunteer',
  InsuranceArranged: 'volunteer',
  VolunteerActivated: 'volunteer',
  VolunteerPaused: 'volunteer',
  VolunteerResumed: 'volunteer',
  VolunteerLeft: 'volunteer',
  ConsultationHeld: 'volunteer',
  GroupMeetingAttended: 'volunteer',
  SupervisionAttended: 'volunteer',
  CertificateIssued: 'volunteer',
  CertificateRevoked: 'volunteer',
  MatchProposed: 'match',
  MatchAccepted: 'match',
  MatchDeclined: 'match',
  MatchPaused: 'match',
  MatchResumed: 'match',
  MatchEnded: 'match',
  MeetingLogged: 'match',
  MeetingApproved: 'match',
  MeetingDeclined: 'match',
  GroupMeetingHeld: 'session',
  SupervisionSessionHeld: 'session',
} as const satisfies Record<DomainEventType, 'client' | 'volunteer' | 'match' | 'session'>;

export const EVENT_TYPES = Object.keys(EVENT_STREAM_CATEGORIES) as DomainEventType[];

/** Current schema version per event type; a changed shape gets a new version and an upcaster. */
export const EVENT_SCHEMA_VERSIONS: Readonly<Record<DomainEventType, number>> = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, 1]),
) as Record<DomainEventType, number>;

/**
 * Top-level data keys holding personal data (🔒), per event type. The event store encrypts exactly these with
 * the data subject's key; every other key stays in clear so audits survive erasure.
 */
export const PERSONAL_DATA_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ClientRegistered: ['name', 'contact', 'dateOfBirth', 'countryOfOrigin'],
  ClientContactUpdated: ['contact'],
  VolunteerRegistered: ['name', 'email', 'phone', 'dateOfBirth'],
  ConsultationHeld: ['notes'],
};
