import { newId } from '@app/platform';
import { isoDay, isoInstant, type FixtureKit, type Fixtures } from './fixture-kit';

type Input = Record<string, unknown>;

/**
 * A valid input for every mutation, built from record ids. `fresh` creates throw-away records in the state
 * the mutation needs, for callers that will actually run it (the shared fixtures stay as they are).
 */
export interface MutationSpec {
  readonly input: (ids: Fixtures) => Input;
  readonly fresh?: (kit: FixtureKit) => Promise<Partial<Fixtures>>;
}

const withCommandId = (input: Input): Input => ({ commandId: newId(), ...input });

const freshMatch = (stage: 'proposed' | 'active' | 'paused') => async (kit: FixtureKit) => {
  const match = await kit.match(stage);
  const ids: Partial<Fixtures> = {
    activeMatchId: match.matchId,
    proposedMatchId: match.matchId,
    pausedMatchId: match.matchId,
  };
  return ids;
};
const freshMeeting = async (kit: FixtureKit): Promise<Partial<Fixtures>> => {
  const { matchId } = await kit.match('active');
  return { activeMatchId: matchId, meetingId: await kit.meeting(matchId) };
};
const freshClient = async (kit: FixtureKit): Promise<Partial<Fixtures>> => {
  const { clientId, consentId } = await kit.client({ consent: true });
  return { clientId, consentId };
};

export const MUTATION_SPECS: Readonly<Record<string, MutationSpec>> = {
  acceptMatch: { input: (ids) => ({ matchId: ids.proposedMatchId }), fresh: freshMatch('proposed') },
  // The fixtures' clients consent to their contact reaching the volunteer: accepting disclosed it already, so
  // this meets MATCH.CONTACT_ALREADY_DISCLOSED (a domain rule); matching.e2e-spec covers the disclosure itself.
  discloseMatchContact: { input: (ids) => ({ matchId: ids.activeMatchId }), fresh: freshMatch('active') },
  activateVolunteer: {
    input: (ids) => ({ volunteerId: ids.readyVolunteerId }),
    fresh: async (kit) => ({ readyVolunteerId: await kit.volunteer('ready') }),
  },
  approveMeeting: {
    input: (ids) => ({ matchId: ids.activeMatchId, meetingId: ids.meetingId }),
    fresh: freshMeeting,
  },
  arrangeInsurance: {
    input: (ids) => ({
      volunteerId: ids.trainingVolunteerId,
      policyRef: 'POL-2',
      from: isoDay(0),
      to: isoDay(180),
    }),
    fresh: async (kit) => ({ trainingVolunteerId: await kit.volunteer('training') }),
  },
  declineMatch: {
    input: (ids) => ({ matchId: ids.proposedMatchId, by: 'CLIENT', reasonCode: 'NOT_INTERESTED' }),
    fresh: freshMatch('proposed'),
  },
  declineMeeting: {
    input: (ids) => ({ matchId: ids.activeMatchId, meetingId: ids.meetingId, reasonCode: 'DID_NOT_HAPPEN' }),
    fresh: freshMeeting,
  },
  discloseInformation: {
    input: (ids) => ({
      clientId: ids.clientId,
      dataCategories: ['IDENTITY'],
      purpose: 'REFERRAL',
      recipient: 'org-legal-aid',
    }),
  },
  endMatch: {
    input: (ids) => ({ matchId: ids.activeMatchId, reasonCode: 'GOAL_REACHED', endedOn: isoDay(0) }),
    fresh: freshMatch('active'),
  },
  eraseClientPersonalData: {
    input: (ids) => ({ clientId: ids.clientId, reasonCode: 'DATA_SUBJECT_REQUEST' }),
    fresh: freshClient,
  },
  giveConsent: {
    input: (ids) => ({
      clientId: ids.clientId,
      purposes: ['PROGRAM_COORDINATION'],
      dataCategories: ['IDENTITY'],
      recipients: ['org-program'],
      lawfulBasis: 'CONSENT',
      givenOn: isoInstant(-1),
      expiresOn: isoDay(365),
      method: 'VERBAL_WITNESSED',
      evidenceRef: 'FORM-2025-018',
      noticeVersion: '2025-01',
      language: 'uk',
      interpreterUsed: false,
    }),
  },
  logMeeting: {
    input: (ids) => ({
      matchId: ids.activeMatchId,
      date: isoDay(0),
      hours: 2.25,
      activity: 'ORIENTATION',
      place: 'ON_PREMISES',
    }),
  },
  pauseMatch: {
    input: (ids) => ({ matchId: ids.activeMatchId, reasonCode: 'HOLIDAY' }),
    fresh: freshMatch('active'),
  },
  pauseVolunteer: {
    input: (ids) => ({ volunteerId: ids.activeVolunteerId, reasonCode: 'HOLIDAY' }),
    fresh: async (kit) => ({ activeVolunteerId: await kit.volunteer('active') }),
  },
  proposeMatch: {
    input: (ids) => ({
      volunteerId: ids.activeVolunteerId,
      clientId: ids.clientId,
      rationale: ['REGION', 'LANGUAGE'],
    }),
    fresh: async (kit) => ({ activeVolunteerId: await kit.volunteer('active'), ...(await freshClient(kit)) }),
  },
  recordClientDeparture: {
    input: (ids) => ({ clientId: ids.clientId, reasonCode: 'MOVED_AWAY', leftOn: isoDay(0) }),
    fresh: freshClient,
  },
  recordConsultation: {
    input: (ids) => ({
      volunteerId: ids.activeVolunteerId,
      heldOn: isoDay(0),
      with: 'SOCIAL_WORKER',
      matchId: ids.activeMatchId,
    }),
  },
  recordCourseCompletion: {
    input: (ids) => ({
      volunteerId: ids.trainingVolunteerId,
      courseId: 'INTRO-2025',
      completedOn: isoDay(0),
    }),
    fresh: async (kit) => ({ trainingVolunteerId: await kit.volunteer('training') }),
  },
  recordGroupMeeting: {
    input: (ids) => ({
      date: isoDay(0),
      region: 'PRAGUE',
      facilitator: 'party-facilitator-2',
      attendees: [ids.activeVolunteerId],
    }),
  },
  recordGuideHandedOut: { input: (ids) => ({ volunteerId: ids.activeVolunteerId, edition: '2025-1' }) },
  recordSupervisionSession: {
    input: (ids) => ({
      date: isoDay(0),
      region: 'PRAGUE',
      facilitator: 'party-supervisor-1',
      attendees: [ids.activeVolunteerId],
    }),
  },
  recordVolunteerLeft: {
    input: (ids) => ({ volunteerId: ids.pausedVolunteerId, leftOn: isoDay(0), reasonCode: 'MOVED_AWAY' }),
    fresh: async (kit) => ({ pausedVolunteerId: await kit.volunteer('paused') }),
  },
  registerClient: {
    input: () => ({
      name: 'Petro Shevchenko',
      phone: '+420 777 000 222',
      address: 'Pobytové středisko Kostelec nad Orlicí',
      countryOfOrigin: 'UA',
      languages: ['uk', 'ru'],
      region: 'PRAGUE',
      needs: ['ORIENTATION'],
    }),
  },
  registerVolunteer: {
    input: () => ({
      name: 'Karel Dvořák',
      email: 'karel@example.org',
      phone: '+420 600 000 111',
      dateOfBirth: '1985-07-08',
      languages: ['cs', 'en'],
      regions: ['PRAGUE'],
      availability: [{ day: 'MONDAY', part: 'EVENING' }],
      interests: ['ORIENTATION'],
    }),
  },
  resumeMatch: {
    input: (ids) => ({ matchId: ids.pausedMatchId, reasonCode: 'BACK_FROM_HOLIDAY' }),
    fresh: freshMatch('paused'),
  },
  resumeVolunteer: {
    input: (ids) => ({ volunteerId: ids.pausedVolunteerId, reasonCode: 'BACK_FROM_HOLIDAY' }),
    fresh: async (kit) => ({ pausedVolunteerId: await kit.volunteer('paused') }),
  },
  revokeCertificate: { input: (ids) => ({ number: ids.certificateNumber, reason: 'ISSUED_IN_ERROR' }) },
  signVolunteerAgreement: {
    input: (ids) => ({ volunteerId: ids.trainingVolunteerId, signedOn: isoDay(-1), validUntil: isoDay(365) }),
  },
  startVolunteerTraining: {
    input: (ids) => ({ volunteerId: ids.applicantVolunteerId }),
    fresh: async (kit) => ({ applicantVolunteerId: await kit.volunteer('applicant') }),
  },
  updateClientContact: { input: (ids) => ({ clientId: ids.clientId, phone: '+420 777 000 333' }) },
  withdrawConsent: {
    input: (ids) => ({ clientId: ids.clientId, consentId: ids.consentId, method: 'WRITTEN_FORM' }),
    fresh: freshClient,
  },
};

/** A valid input with a fresh idempotency key (a re-used key would replay instead of deciding). */
export const validInput = (mutation: string, ids: Fixtures): Input => {
  const spec = MUTATION_SPECS[mutation];
  if (spec === undefined) throw new Error(`no valid input is known for mutation ${mutation}`);
  return withCommandId(spec.input(ids));
};
