import { isoInstant, type Fixtures } from './fixture-kit';
import { positionOnlyMutation } from './graphql-client';
import { MUTATION_SPECS, validInput } from './mutation-specs';
import type { OperationKind } from './schema-shape';

export const CALLERS = ['anonymous', 'auditor', 'coordinatorLiberec', 'coordinatorPrague', 'admin'] as const;
export type Caller = (typeof CALLERS)[number];

/**
 * ALLOWED: past authentication, role and region (a domain rejection is fine); HIDDEN: the record reads as
 * absent (NOT_FOUND, or missing from a list), as a record outside the caller's regions must.
 */
export type Outcome = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'HIDDEN';
export type Expectation = Readonly<Record<Caller, Outcome>>;

export interface OperationRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

export interface AuthorizationRow {
  readonly kind: OperationKind;
  readonly name: string;
  readonly expect: Expectation;
  readonly request: (ids: Fixtures) => OperationRequest;
  /** For lists: whether the PRAGUE fixture shows in the answer (absent = HIDDEN). */
  readonly shows?: (data: Record<string, any>, ids: Fixtures) => boolean;
  /** Known defects, per caller, described for the report; the cell is then an `it.failing`. */
  readonly knownDefects?: Partial<Record<Caller, string>>;
}

const access = (
  coordinatorPrague: Outcome,
  coordinatorLiberec: Outcome,
  auditor: Outcome,
  admin: Outcome = 'ALLOWED',
  anonymous: Outcome = 'UNAUTHENTICATED',
): Expectation => ({ anonymous, auditor, coordinatorLiberec, coordinatorPrague, admin });

/** Everyone, signed in or not. */
const PUBLIC = access('ALLOWED', 'ALLOWED', 'ALLOWED', 'ALLOWED', 'ALLOWED');
const SIGNED_IN = access('ALLOWED', 'ALLOWED', 'ALLOWED');
/** Coordinators of the record's region, auditors (pseudonymised) and admins. */
const READ_IN_REGION = access('ALLOWED', 'HIDDEN', 'ALLOWED');
/** Coordinators of the record's region and admins; auditors read only consents, disclosures and audits. */
const OPERATE_IN_REGION = access('ALLOWED', 'HIDDEN', 'FORBIDDEN');
/** Creating something in a region the caller names: another region's coordinator is refused outright. */
const CREATE_IN_REGION = access('ALLOWED', 'FORBIDDEN', 'FORBIDDEN');
const AUDIT = access('FORBIDDEN', 'FORBIDDEN', 'ALLOWED');
const ADMIN_ONLY = access('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN');

const query = (
  name: string,
  expect: Expectation,
  document: string,
  variables: (ids: Fixtures) => Record<string, unknown> = () => ({}),
  shows?: AuthorizationRow['shows'],
): AuthorizationRow => ({
  kind: 'query',
  name,
  expect,
  request: (ids) => ({ query: document, variables: variables(ids) }),
  shows,
});

const mutation = (name: string, expect: Expectation): AuthorizationRow => ({
  kind: 'mutation',
  name,
  expect,
  request: (ids) => ({ query: positionOnlyMutation(name), variables: { input: validInput(name, ids) } }),
});

const edgeIds = (connection: unknown): string[] =>
  ((connection as { edges?: { node: { id?: string; number?: string } }[] } | undefined)?.edges ?? []).map(
    (edge) => edge.node.id ?? edge.node.number ?? '',
  );

/** THE table: every query and mutation of the schema, by caller. A new operation must be added here. */
export const AUTHORIZATION_TABLE: readonly AuthorizationRow[] = [
  query('accessLog', AUDIT, 'query ($id: ID!) { accessLog(clientId: $id) { clientId } }', (ids) => ({
    id: ids.clientId,
  })),
  query(
    'auditTrail',
    AUDIT,
    'query ($id: ID!) { auditTrail(subjectId: $id) { subjectId subjectType } }',
    (ids) => ({
      id: ids.activeMatchId,
    }),
  ),
  query(
    'certificates',
    OPERATE_IN_REGION,
    'query ($id: ID!) { certificates(volunteerId: $id) { totalCount edges { node { number } } } }',
    (ids) => ({ id: ids.certificateVolunteerId }),
    (data, ids) => edgeIds(data.certificates).includes(ids.certificateNumber),
  ),
  query('client', READ_IN_REGION, 'query ($id: ID!) { client(id: $id) { id region status } }', (ids) => ({
    id: ids.clientId,
  })),
  query(
    'clients',
    READ_IN_REGION,
    'query { clients(first: 100) { totalCount edges { node { id } } } }',
    () => ({}),
    (data, ids) => edgeIds(data.clients).includes(ids.clientId),
  ),
  query('dashboard', OPERATE_IN_REGION, 'query { dashboard(region: PRAGUE) { __typename } }'),
  query(
    'consentAudit',
    AUDIT,
    'query ($id: ID) { consentAudit(clientId: $id) { clients disclosures } }',
    (ids) => ({
      id: ids.clientId,
    }),
  ),
  query(
    'consentStateAt',
    AUDIT,
    'query ($id: ID!, $at: DateTime!) { consentStateAt(clientId: $id, at: $at) { clientId consents { dataCategories } } }',
    (ids) => ({ id: ids.clientId, at: isoInstant(0) }),
  ),
  query('consents', READ_IN_REGION, 'query ($id: ID!) { consents(clientId: $id) { id status } }', (ids) => ({
    id: ids.clientId,
  })),
  query(
    'disclosures',
    READ_IN_REGION,
    'query ($id: ID!) { disclosures(clientId: $id) { id outcome } }',
    (ids) => ({
      id: ids.clientId,
    }),
  ),
  query(
    'integrity',
    AUDIT,
    'query ($stream: String) { integrity(stream: $stream) { ok streams } }',
    (ids) => ({
      stream: `client-${ids.clientId}`,
    }),
  ),
  query('match', READ_IN_REGION, 'query ($id: ID!) { match(id: $id) { id status } }', (ids) => ({
    id: ids.activeMatchId,
  })),
  query(
    'matchSuggestions',
    OPERATE_IN_REGION,
    'query ($id: ID!) { matchSuggestions(clientId: $id) { volunteerId score } }',
    (ids) => ({ id: ids.clientId }),
  ),
  query(
    'matches',
    READ_IN_REGION,
    'query ($volunteerId: ID) { matches(first: 100, filter: { volunteerId: $volunteerId }) { totalCount edges { node { id } } } }',
    (ids) => ({ volunteerId: ids.activeVolunteerId }),
    (data, ids) => edgeIds(data.matches).includes(ids.activeMatchId),
  ),
  query('me', SIGNED_IN, 'query { me { subject role regions } }'),
  query(
    'programSessions',
    OPERATE_IN_REGION,
    'query { programSessions(first: 100) { totalCount edges { node { id } } } }',
    () => ({}),
    (data, ids) => edgeIds(data.programSessions).includes(ids.sessionId),
  ),
  query(
    'reminders',
    // Another region's reminders read as none at all.
    OPERATE_IN_REGION,
    'query { reminders(region: PRAGUE, first: 100) { totalCount } }',
    () => ({}),
    (data) => (data.reminders as { totalCount: number }).totalCount > 0,
  ),
  query(
    'subjectAccessReport',
    ADMIN_ONLY,
    'query ($id: ID!) { subjectAccessReport(clientId: $id) { clientId erased } }',
    (ids) => ({
      id: ids.clientId,
    }),
  ),
  query(
    'verifyCertificate',
    PUBLIC,
    'query ($number: String!, $code: String!) { verifyCertificate(number: $number, code: $code) { valid status } }',
    (ids) => ({ number: ids.certificateNumber, code: ids.certificateCode }),
  ),
  query('volunteer', OPERATE_IN_REGION, 'query ($id: ID!) { volunteer(id: $id) { id status } }', (ids) => ({
    id: ids.activeVolunteerId,
  })),
  query(
    'volunteers',
    OPERATE_IN_REGION,
    'query { volunteers(first: 100, filter: { status: ACTIVE }) { totalCount edges { node { id } } } }',
    () => ({}),
    (data, ids) => edgeIds(data.volunteers).includes(ids.activeVolunteerId),
  ),

  mutation('acceptMatch', OPERATE_IN_REGION),
  mutation('activateVolunteer', OPERATE_IN_REGION),
  mutation('approveMeeting', OPERATE_IN_REGION),
  mutation('arrangeInsurance', OPERATE_IN_REGION),
  mutation('declineMatch', OPERATE_IN_REGION),
  mutation('declineMeeting', OPERATE_IN_REGION),
  mutation('discloseInformation', OPERATE_IN_REGION),
  mutation('discloseMatchContact', OPERATE_IN_REGION),
  mutation('endMatch', OPERATE_IN_REGION),
  mutation('eraseClientPersonalData', { ...ADMIN_ONLY }),
  mutation('giveConsent', OPERATE_IN_REGION),
  mutation('logMeeting', OPERATE_IN_REGION),
  mutation('pauseMatch', OPERATE_IN_REGION),
  mutation('pauseVolunteer', OPERATE_IN_REGION),
  mutation('proposeMatch', OPERATE_IN_REGION),
  mutation('recordClientDeparture', OPERATE_IN_REGION),
  mutation('recordConsultation', OPERATE_IN_REGION),
  mutation('recordCourseCompletion', OPERATE_IN_REGION),
  mutation('recordGroupMeeting', CREATE_IN_REGION),
  mutation('recordGuideHandedOut', OPERATE_IN_REGION),
  mutation('recordSupervisionSession', CREATE_IN_REGION),
  mutation('recordVolunteerLeft', OPERATE_IN_REGION),
  mutation('registerClient', CREATE_IN_REGION),
  mutation('registerVolunteer', CREATE_IN_REGION),
  mutation('resumeMatch', OPERATE_IN_REGION),
  mutation('resumeVolunteer', OPERATE_IN_REGION),
  mutation('revokeCertificate', ADMIN_ONLY),
  mutation('signVolunteerAgreement', OPERATE_IN_REGION),
  mutation('startVolunteerTraining', OPERATE_IN_REGION),
  mutation('updateClientContact', OPERATE_IN_REGION),
  mutation('withdrawConsent', OPERATE_IN_REGION),
];

/** Whether a caller will really run the mutation, so it needs throw-away records of its own. */
export const needsOwnRecords = (row: AuthorizationRow, caller: Caller): boolean =>
  row.kind === 'mutation' &&
  row.expect[caller] === 'ALLOWED' &&
  MUTATION_SPECS[row.name]?.fresh !== undefined;
