import {
  addDays,
  clientDecider,
  dateOf,
  clientStreamId,
  matchDecider,
  matchStreamId,
  volunteerDecider,
  volunteerStreamId,
  contactDisclosureOnMatchAccepted,
  type ClientCommand,
  type MatchAccepted,
  type VolunteerCommand,
} from '@app/domain';
import { handleCommand } from '@app/event-store';
import { newId } from '@app/platform';
import type { Runtime } from '../../worker/src/runtime/runtime';
import { CommandGateway } from '../src/platform/commands/command-gateway';
import { RUNTIME } from '../src/platform/tokens';
import { startTestApp, type TestApp } from './support/test-app';

const now = new Date();
const today = dateOf(now.toISOString());
const tomorrow = addDays(today, 1);
const year = Number(today.slice(0, 4));
const thisMonth = today.slice(0, 7);

const MATCH_FIELDS = `id volunteerId clientId region status rationale proposedAt acceptedOn acceptedAt declinedBy
  endedOn closingReasonCode approvedHours lastMeetingOn meetingCount approvedHoursByMonth { month hours }
  meetings { id date hours activity place status }
  contactDisclosure { disclosureId outcome consentId refusalCode coverageCode }`;

const PROPOSE = `mutation ($input: ProposeMatchInput!) { proposeMatch(input: $input) { position match { ${MATCH_FIELDS} } } }`;
const ACCEPT = `mutation ($input: AcceptMatchInput!) { acceptMatch(input: $input) {
  position match { ${MATCH_FIELDS} } contactDisclosure { disclosureId outcome consentId refusalCode coverageCode } } }`;
const DISCLOSE_CONTACT = `mutation ($input: DiscloseMatchContactInput!) { discloseMatchContact(input: $input) {
  position match { ${MATCH_FIELDS} } contactDisclosure { disclosureId outcome consentId refusalCode coverageCode } } }`;
const LOG = `mutation ($input: LogMeetingInput!) { logMeeting(input: $input) { position meetingId match { ${MATCH_FIELDS} } } }`;
const simple = (verb: string, input: string) =>
  `mutation ($input: ${input}!) { ${verb}(input: $input) { position match { ${MATCH_FIELDS} } } }`;
const MATCH = `query ($id: ID!) { match(id: $id) { ${MATCH_FIELDS} } }`;
const MATCHES = `query ($filter: MatchFilter, $first: Int, $after: String) { matches(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id region status volunteerId clientId } } } }`;
const DEPART = `mutation ($input: RecordClientDepartureInput!) { recordClientDeparture(input: $input) { position } }`;
const ERASE = `mutation ($input: EraseClientPersonalDataInput!) { eraseClientPersonalData(input: $input) { position } }`;
const SUGGESTIONS = `query ($clientId: ID!, $first: Int) { matchSuggestions(clientId: $clientId, first: $first) {
  volunteerId score explanation { region sharedLanguages needsMet availabilityOverlap { day part } freeCapacity matchedCriteria } } }`;

type Region = 'PRAGUE' | 'CENTRAL_BOHEMIA' | 'LIBEREC';

describe('Matching over GraphQL', () => {
  let app: TestApp;
  let runtime: Runtime;
  let prague: string;
  let liberec: string;
  let admin: string;
  let auditor: string;
  const volunteers: Record<string, string> = {};
  const clients: Record<string, string> = {};

  const context = (commandId = newId()) => ({
    commandId,
    correlationId: newId(),
    actor: { id: 'e2e-setup', role: 'ADMIN' },
    occurredAt: new Date().toISOString(),
  });

  async function volunteer(
    spec: {
      regions: Region[];
      languages: string[];
      interests?: string[];
      activate: boolean;
    },
    store = runtime.eventStore,
  ): Promise<string> {
    const volunteerId = newId();
    const run = async (command: VolunteerCommand) => {
      const outcome = await handleCommand(
        store,
        volunteerStreamId(volunteerId),
        volunteerDecider,
        command,
        context(),
      );
      if (!outcome.ok) throw new Error(`setup ${command.type}: ${outcome.rejection.code}`);
    };
    const at = new Date().toISOString();
    await run({
      type: 'RegisterVolunteer',
      data: {
        volunteerId,
        name: 'Jana Testová',
        email: 'jana@example.org',
        phone: '+420600000000',
        dateOfBirth: '1990-05-01',
        languages: spec.languages,
        regions: spec.regions,
        availability: [{ day: 'MONDAY', part: 'EVENING' }],
        interests: (spec.interests ?? []) as never,
        now: at,
      },
    });
    if (!spec.activate) return volunteerId;
    await run({ type: 'StartVolunteerTraining', data: { volunteerId, now: at } });
    await run({
      type: 'CompleteIntroductoryCourse',
      data: { volunteerId, courseId: 'course-1', completedOn: today, now: at },
    });
    await run({
      type: 'SignVolunteerAgreement',
      data: { volunteerId, agreementId: 'agr-1', signedOn: today, now: at },
    });
    await run({
      type: 'ArrangeInsurance',
      data: { volunteerId, policyRef: 'POL-1', from: `${year - 1}-01-01`, to: `${year + 1}-12-31`, now: at },
    });
    await run({ type: 'ActivateVolunteer', data: { volunteerId, now: at } });
    return volunteerId;
  }

  async function client(
    spec: { region: Region; languages: string[]; consent: boolean },
    store = runtime.eventStore,
  ): Promise<string> {
    const clientId = newId();
    const run = async (command: ClientCommand) => {
      const outcome = await handleCommand(store, clientStreamId(clientId), clientDecider, command, context());
      if (!outcome.ok) throw new Error(`setup ${command.type}: ${outcome.rejection.code}`);
    };
    const at = new Date().toISOString();
    await run({
      type: 'RegisterClient',
      data: {
        clientId,
        name: 'Olena K.',
        contact: { phone: '+420700000000' },
        dateOfBirth: '1985-02-03',
        countryOfOrigin: 'UA',
        languages: spec.languages,
        region: spec.region,
        needs: ['CZECH_PRACTICE'],
        availability: [{ day: 'MONDAY', part: 'EVENING' }],
        now: at,
      },
    });
    if (spec.consent) await giveConsent(clientId);
    return clientId;
  }

  async function giveConsent(clientId: string): Promise<string> {
    const consentId = newId();
    const at = new Date().toISOString();
    const outcome = await handleCommand(
      runtime.eventStore,
      clientStreamId(clientId),
      clientDecider,
      {
        type: 'GiveConsent',
        data: {
          clientId,
          consentId,
          purposes: ['VOLUNTEER_MATCHING'],
          dataCategories: ['CONTACT'],
          recipients: ['ASSIGNED_VOLUNTEER'],
          lawfulBasis: 'CONSENT',
          givenOn: at,
          method: 'WRITTEN_FORM',
          evidenceRef: 'form-1',
          noticeVersion: 'v1',
          language: 'uk',
          interpreterUsed: false,
          now: at,
        },
      },
      context(),
    );
    if (!outcome.ok) throw new Error(outcome.rejection.code);
    return consentId;
  }

  const clientEvents = async (clientId: string) => runtime.eventStore.readStream(clientStreamId(clientId));

  async function propose(volunteerId: string, clientId: string, token = prague, commandId?: string) {
    return app.gql(
      PROPOSE,
      { input: { volunteerId, clientId, rationale: ['REGION', 'LANGUAGE'], commandId } },
      token,
    );
  }

  async function proposed(volunteerId: string, clientId: string, token = prague): Promise<string> {
    const response = await propose(volunteerId, clientId, token);
    app.expectNoErrors(response);
    return response.data!.proposeMatch.match.id as string;
  }

  beforeAll(async () => {
    app = await startTestApp();
    runtime = app.nest.get(RUNTIME);
    prague = await app.token('COORDINATOR', ['PRAGUE'], 'coordinator-prague');
    liberec = await app.token('COORDINATOR', ['LIBEREC'], 'coordinator-liberec');
    admin = await app.token('ADMIN', [], 'admin-1');
    auditor = await app.token('AUDITOR', [], 'auditor-1');

    volunteers.best = await volunteer({
      regions: ['PRAGUE', 'LIBEREC'],
      languages: ['cs', 'uk'],
      interests: ['CZECH_PRACTICE'],
      activate: true,
    });
    volunteers.plain = await volunteer({ regions: ['PRAGUE'], languages: ['uk'], activate: true });
    volunteers.english = await volunteer({ regions: ['PRAGUE'], languages: ['en'], activate: true });
    volunteers.applicant = await volunteer({ regions: ['PRAGUE'], languages: ['uk'], activate: false });
    volunteers.liberec = await volunteer({ regions: ['LIBEREC'], languages: ['uk'], activate: true });
    clients.consenting = await client({ region: 'PRAGUE', languages: ['uk'], consent: true });
    clients.silent = await client({ region: 'PRAGUE', languages: ['uk'], consent: false });
    clients.third = await client({ region: 'PRAGUE', languages: ['uk'], consent: true });
    clients.liberec = await client({ region: 'LIBEREC', languages: ['uk'], consent: false });
    await runtime.waitFor(
      await runtime.eventStore.headPosition(),
      ['volunteers', 'matches', 'match_client_regions'],
      10_000,
    );
  });

  afterAll(async () => {
    await app.close();
  });

  describe('matchSuggestions', () => {
    it('ranks eligible volunteers with what matched, and leaves out the ineligible', async () => {
      const response = await app.gql(SUGGESTIONS, { clientId: clients.consenting }, prague);
      app.expectNoErrors(response);
      const suggestions = response.data!.matchSuggestions as {
        volunteerId: string;
        score: number;
        explanation: Record<string, unknown>;
      }[];
      // No shared language, not active, another region: none of them may be suggested.
      expect(suggestions.map((entry) => entry.volunteerId)).toEqual([volunteers.best, volunteers.plain]);
      expect(suggestions[0]!.score).toBeGreaterThan(suggestions[1]!.score);
      expect(suggestions[0]!.explanation).toEqual({
        region: true,
        sharedLanguages: ['uk'],
        needsMet: ['CZECH_PRACTICE'],
        availabilityOverlap: [{ day: 'MONDAY', part: 'EVENING' }],
        freeCapacity: 2,
        matchedCriteria: ['REGION', 'LANGUAGE', 'NEEDS', 'AVAILABILITY', 'LOAD'],
      });
      expect(suggestions[1]!.explanation).toMatchObject({
        needsMet: [],
        matchedCriteria: ['REGION', 'LANGUAGE', 'AVAILABILITY', 'LOAD'],
      });
    });

    it('honours first, hides clients of other regions and is not for auditors', async () => {
      const limited = await app.gql(SUGGESTIONS, { clientId: clients.consenting, first: 1 }, prague);
      expect(limited.data!.matchSuggestions).toHaveLength(1);
      const elsewhere = await app.gql(SUGGESTIONS, { clientId: clients.consenting }, liberec);
      expect(elsewhere.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const audited = await app.gql(SUGGESTIONS, { clientId: clients.consenting }, auditor);
      expect(audited.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('proposeMatch refusals carry the domain codes', () => {
    it.each([
      ['volunteer serves another region', 'liberec', 'MATCH.REGION_MISMATCH'],
      ['no shared language', 'english', 'MATCH.NO_SHARED_LANGUAGE'],
      ['volunteer not active', 'applicant', 'VOLUNTEER.NOT_ACTIVE'],
    ])('%s → %s', async (_label, volunteerKey, code) => {
      const head = await runtime.eventStore.headPosition();
      const response = await propose(volunteers[volunteerKey]!, clients.consenting!, admin);
      expect(response.errors?.[0]?.extensions?.code).toBe(code);
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });

    it('names each invalid field', async () => {
      const response = await app.gql(
        PROPOSE,
        { input: { volunteerId: 'nope', clientId: clients.consenting, rationale: [] } },
        prague,
      );
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(response.errors?.[0]?.extensions?.fields)).toContain('volunteerId');
    });

    it('answers NOT_FOUND for an unknown volunteer or a client outside the caller regions', async () => {
      expect((await propose(newId(), clients.consenting!)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(
        (await propose(volunteers.best!, clients.consenting!, liberec)).errors?.[0]?.extensions?.code,
      ).toBe('NOT_FOUND');
    });

    it('is FORBIDDEN for auditors', async () => {
      expect(
        (await propose(volunteers.best!, clients.consenting!, auditor)).errors?.[0]?.extensions?.code,
      ).toBe('FORBIDDEN');
    });
  });

  describe('the life of a match', () => {
    let matchId: string;
    let refusedMatchId: string;

    it('proposes: PROPOSED in the client region, readable at once (read-your-writes)', async () => {
      const commandId = newId();
      const response = await propose(volunteers.best!, clients.consenting!, prague, commandId);
      app.expectNoErrors(response);
      const match = response.data!.proposeMatch.match;
      matchId = match.id;
      expect(match).toMatchObject({
        volunteerId: volunteers.best,
        clientId: clients.consenting,
        region: 'PRAGUE',
        status: 'PROPOSED',
        rationale: ['REGION', 'LANGUAGE'],
        approvedHours: 0,
        contactDisclosure: null,
      });
      const read = await app.gql(MATCH, { id: matchId }, prague);
      expect(read.data!.match.status).toBe('PROPOSED');

      // Idempotent re-send: same match, same position, nothing appended.
      const head = await runtime.eventStore.headPosition();
      const again = await propose(volunteers.best!, clients.consenting!, prague, commandId);
      expect(again.data!.proposeMatch.match.id).toBe(matchId);
      expect(again.data!.proposeMatch.position).toBe(response.data!.proposeMatch.position);
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });

    it('accepts with a covering consent: DISCLOSED, recorded on the client stream', async () => {
      const commandId = newId();
      const response = await app.gql(ACCEPT, { input: { matchId, commandId } }, prague);
      app.expectNoErrors(response);
      const payload = response.data!.acceptMatch;
      expect(payload.match).toMatchObject({ status: 'ACTIVE', acceptedOn: today });
      expect(payload.contactDisclosure).toMatchObject({ outcome: 'DISCLOSED', refusalCode: null });
      expect(payload.match.contactDisclosure).toEqual(payload.contactDisclosure);
      const disclosed = (await clientEvents(clients.consenting!)).filter(
        (event) => event.type === 'InformationDisclosed',
      );
      expect(disclosed).toHaveLength(1);
      expect(disclosed[0]!.data).toMatchObject({
        disclosureId: payload.contactDisclosure.disclosureId,
        recipient: volunteers.best,
        purpose: 'VOLUNTEER_MATCHING',
        dataCategories: ['CONTACT'],
        matchId,
        basis: { consentId: payload.contactDisclosure.consentId },
      });
      expect(BigInt(payload.position)).toBe(disclosed[0]!.position);

      // Both commands of the mutation carry the fingerprint of the one request, so a re-send replays both.
      const [acceptedEvent] = (await runtime.eventStore.readStream(matchStreamId(matchId))).filter(
        (event) => event.type === 'MatchAccepted',
      );
      expect(acceptedEvent!.metadata.commandFingerprint).toEqual(expect.any(String));
      expect(disclosed[0]!.metadata.commandFingerprint).toBe(acceptedEvent!.metadata.commandFingerprint);

      const head = await runtime.eventStore.headPosition();
      const again = await app.gql(ACCEPT, { input: { matchId, commandId } }, prague);
      app.expectNoErrors(again);
      expect(again.data!.acceptMatch.position).toBe(payload.position);
      expect(again.data!.acceptMatch.contactDisclosure).toEqual(payload.contactDisclosure);
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });

    it('accepts without a covering consent: the match is ACTIVE, the refusal is recorded on the client stream', async () => {
      refusedMatchId = await proposed(volunteers.best!, clients.silent!);
      const response = await app.gql(ACCEPT, { input: { matchId: refusedMatchId } }, prague);
      app.expectNoErrors(response);
      const payload = response.data!.acceptMatch;
      expect(payload.match.status).toBe('ACTIVE');
      expect(payload.contactDisclosure).toMatchObject({
        outcome: 'REFUSED',
        refusalCode: 'CONSENT.NOT_IN_FORCE',
        consentId: null,
      });
      const events = await clientEvents(clients.silent!);
      expect(events.some((event) => event.type === 'InformationDisclosed')).toBe(false);
      const refused = events.filter((event) => event.type === 'DisclosureRefused');
      expect(refused).toHaveLength(1);
      expect(refused[0]!.data).toMatchObject({
        matchId: refusedMatchId,
        recipient: volunteers.best,
        reasonCode: 'CONSENT.NOT_IN_FORCE',
      });
    });

    it('discloses the contact of a match refused on acceptance once consent is given, and only once', async () => {
      const discloseContact = (matchId: string, commandId = newId()) =>
        app.gql(DISCLOSE_CONTACT, { input: { matchId, commandId } }, prague);

      const refusedCommandId = newId();
      const stillRefused = await discloseContact(refusedMatchId, refusedCommandId);
      app.expectNoErrors(stillRefused);
      expect(stillRefused.data!.discloseMatchContact.contactDisclosure).toMatchObject({
        outcome: 'REFUSED',
        coverageCode: 'CONSENT.NOT_FOUND',
      });

      const consentId = await giveConsent(clients.silent!);
      const commandId = newId();
      const disclosed = await discloseContact(refusedMatchId, commandId);
      app.expectNoErrors(disclosed);
      const payload = disclosed.data!.discloseMatchContact;
      expect(payload.contactDisclosure).toMatchObject({ outcome: 'DISCLOSED', consentId, refusalCode: null });
      expect(payload.match.contactDisclosure).toEqual(payload.contactDisclosure);
      const recorded = (await clientEvents(clients.silent!)).filter(
        (event) => event.type === 'InformationDisclosed',
      );
      expect(recorded.map((event) => event.data)).toEqual([
        expect.objectContaining({
          recipient: volunteers.best,
          matchId: refusedMatchId,
          dataCategories: ['CONTACT'],
          basis: { consentId },
        }),
      ]);

      const head = await runtime.eventStore.headPosition();
      const resent = await discloseContact(refusedMatchId, commandId);
      app.expectNoErrors(resent);
      expect(resent.data!.discloseMatchContact).toEqual(payload);
      const again = await discloseContact(refusedMatchId);
      expect(again.errors?.[0]?.extensions?.code).toBe('MATCH.CONTACT_ALREADY_DISCLOSED');
      // The refused attempt, re-sent after the disclosure, still answers with its own outcome.
      const refusedAgain = await discloseContact(refusedMatchId, refusedCommandId);
      app.expectNoErrors(refusedAgain);
      expect(refusedAgain.data!.discloseMatchContact.contactDisclosure).toEqual(
        stillRefused.data!.discloseMatchContact.contactDisclosure,
      );
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });

    it('refuses a third open match for the volunteer: over the client limit', async () => {
      const response = await propose(volunteers.best!, clients.third!);
      expect(response.errors?.[0]?.extensions?.code).toBe('VOLUNTEER.CLIENT_LIMIT_REACHED');
    });

    it('logs meetings and counts hours only once approved', async () => {
      const logged = await app.gql(
        LOG,
        { input: { matchId, date: today, hours: 1.5, activity: 'CZECH_PRACTICE', place: 'OUTSIDE' } },
        prague,
      );
      app.expectNoErrors(logged);
      const meetingId = logged.data!.logMeeting.meetingId as string;
      expect(logged.data!.logMeeting.match).toMatchObject({
        approvedHours: 0,
        lastMeetingOn: today,
        meetingCount: 1,
      });
      expect(logged.data!.logMeeting.match.meetings[0]).toMatchObject({
        id: meetingId,
        status: 'LOGGED',
        hours: 1.5,
      });

      const approved = await app.gql(
        simple('approveMeeting', 'ApproveMeetingInput'),
        { input: { matchId, meetingId } },
        prague,
      );
      app.expectNoErrors(approved);
      expect(approved.data!.approveMeeting.match).toMatchObject({
        approvedHours: 1.5,
        approvedHoursByMonth: [{ month: thisMonth, hours: 1.5 }],
      });

      const second = await app.gql(
        LOG,
        { input: { matchId, date: today, hours: 2, activity: 'LEISURE', place: 'ON_PREMISES' } },
        prague,
      );
      const declined = await app.gql(
        simple('declineMeeting', 'DeclineMeetingInput'),
        { input: { matchId, meetingId: second.data!.logMeeting.meetingId, reasonCode: 'NOT_HELD' } },
        prague,
      );
      app.expectNoErrors(declined);
      expect(declined.data!.declineMeeting.match).toMatchObject({ approvedHours: 1.5, meetingCount: 1 });
      expect(
        (declined.data!.declineMeeting.match.meetings as { status: string }[]).map(
          (meeting) => meeting.status,
        ),
      ).toEqual(['APPROVED', 'DECLINED']);
    });

    it.each([
      ['a future date', { date: tomorrow, hours: 1 }, 'MEETING.IN_FUTURE'],
      ['a step finer than a quarter hour', { date: today, hours: 1.1 }, 'MEETING.HOURS_NOT_QUARTER'],
      ['more than 12 hours', { date: today, hours: 12.25 }, 'MEETING.HOURS_OUT_OF_RANGE'],
    ])('refuses a meeting on %s', async (_label, fields, code) => {
      const response = await app.gql(
        LOG,
        { input: { matchId, activity: 'CZECH_PRACTICE', place: 'OUTSIDE', ...fields } },
        prague,
      );
      expect(response.errors?.[0]?.extensions?.code).toBe(code);
    });

    it('pauses, resumes and ends', async () => {
      const paused = await app.gql(
        simple('pauseMatch', 'PauseMatchInput'),
        { input: { matchId: refusedMatchId, reasonCode: 'HOLIDAY' } },
        prague,
      );
      expect(paused.data!.pauseMatch.match.status).toBe('PAUSED');
      const resumed = await app.gql(
        simple('resumeMatch', 'ResumeMatchInput'),
        { input: { matchId: refusedMatchId, reasonCode: 'BACK' } },
        prague,
      );
      expect(resumed.data!.resumeMatch.match.status).toBe('ACTIVE');
      const ended = await app.gql(
        simple('endMatch', 'EndMatchInput'),
        { input: { matchId: refusedMatchId, reasonCode: 'GOAL_REACHED' } },
        prague,
      );
      expect(ended.data!.endMatch.match).toMatchObject({
        status: 'ENDED',
        endedOn: today,
        closingReasonCode: 'GOAL_REACHED',
      });
      // A place under the limit is free again.
      const listed = await app.gql(
        MATCHES,
        { filter: { volunteerId: volunteers.best, status: 'ACTIVE' } },
        prague,
      );
      expect(listed.data!.matches.totalCount).toBe(1);
    });

    it('declines a proposal', async () => {
      const proposal = await proposed(volunteers.liberec!, clients.liberec!, liberec);
      const response = await app.gql(
        simple('declineMatch', 'DeclineMatchInput'),
        { input: { matchId: proposal, by: 'CLIENT', reasonCode: 'NO_TIME' } },
        liberec,
      );
      expect(response.data!.declineMatch.match).toMatchObject({
        status: 'DECLINED',
        declinedBy: 'CLIENT',
        region: 'LIBEREC',
      });
    });

    it('keeps regions apart: other coordinators see NOT_FOUND and filtered lists', async () => {
      expect((await app.gql(MATCH, { id: matchId }, liberec)).errors?.[0]?.extensions?.code).toBe(
        'NOT_FOUND',
      );
      const pause = await app.gql(
        simple('pauseMatch', 'PauseMatchInput'),
        { input: { matchId, reasonCode: 'HOLIDAY' } },
        liberec,
      );
      expect(pause.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const theirs = await app.gql(MATCHES, {}, liberec);
      expect(
        (theirs.data!.matches.edges as { node: { region: string } }[]).map((edge) => edge.node.region),
      ).toEqual(['LIBEREC']);
      const asked = await app.gql(MATCHES, { filter: { region: 'PRAGUE' } }, liberec);
      expect(asked.data!.matches.totalCount).toBe(0);
      const all = await app.gql(MATCHES, { first: 2 }, admin);
      expect(all.data!.matches.totalCount).toBe(3);
      expect(all.data!.matches.pageInfo.hasNextPage).toBe(true);
      const next = await app.gql(MATCHES, { first: 2, after: all.data!.matches.pageInfo.endCursor }, admin);
      expect(next.data!.matches.edges).toHaveLength(1);
      const pragueOnly = await app.gql(
        MATCHES,
        { filter: { region: 'PRAGUE', lastMeetingOnOrAfter: today } },
        admin,
      );
      expect(
        (pragueOnly.data!.matches.edges as { node: { id: string } }[]).map((edge) => edge.node.id),
      ).toEqual([matchId]);
    });

    it('lets auditors read matches but not change them', async () => {
      const read = await app.gql(MATCH, { id: matchId }, auditor);
      expect(read.data!.match.approvedHours).toBe(1.5);
      const listed = await app.gql(MATCHES, { filter: { clientId: clients.consenting } }, auditor);
      expect(listed.data!.matches.totalCount).toBe(1);
      for (const [verb, input, variables] of [
        ['acceptMatch', 'AcceptMatchInput', { matchId }],
        ['pauseMatch', 'PauseMatchInput', { matchId, reasonCode: 'HOLIDAY' }],
        ['endMatch', 'EndMatchInput', { matchId, reasonCode: 'DONE' }],
      ] as const) {
        const response = await app.gql(
          verb === 'acceptMatch' ? ACCEPT : simple(verb, input),
          { input: variables },
          auditor,
        );
        expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    });
  });

  describe('clients who can no longer be matched', () => {
    const matchEvents = async (matchId: string) =>
      (await runtime.eventStore.readStream(matchStreamId(matchId))).map((event) => event.type);
    const codeOf = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
      response.errors?.[0]?.extensions?.code;

    async function freshVolunteer(): Promise<string> {
      const volunteerId = await volunteer({ regions: ['PRAGUE'], languages: ['uk'], activate: true });
      await runtime.waitFor(await runtime.eventStore.headPosition(), ['volunteers'], 10_000);
      return volunteerId;
    }

    /** The acceptance is refused with `code`, appends nothing, and a re-send is refused the same way. */
    async function expectAcceptRefused(matchId: string, code: string): Promise<void> {
      const commandId = newId();
      const head = await runtime.eventStore.headPosition();
      const response = await app.gql(ACCEPT, { input: { matchId, commandId } }, prague);
      expect(codeOf(response)).toBe(code);
      expect(await runtime.eventStore.headPosition()).toBe(head);
      expect(await matchEvents(matchId)).toEqual(['MatchProposed']);
      expect((await app.gql(MATCH, { id: matchId }, prague)).data!.match).toMatchObject({
        status: 'PROPOSED',
        contactDisclosure: null,
      });
      expect(codeOf(await app.gql(ACCEPT, { input: { matchId, commandId } }, prague))).toBe(code);
      expect(await runtime.eventStore.headPosition()).toBe(head);
    }

    /** The match as `match(id)` shows it once its status is `status`, waiting a bounded while for the worker. */
    async function matchOnceItIs(matchId: string, status: string): Promise<Record<string, unknown>> {
      for (let attempt = 0; ; attempt++) {
        const shown = (await app.gql(MATCH, { id: matchId }, prague)).data!.match as Record<string, unknown>;
        if (shown.status === status || attempt >= 100) return shown;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    it('given a client who has left, then their matches are closed by the departure process, and they can be neither proposed nor suggested: CLIENT.DEPARTED, nothing appended', async () => {
      const clientId = await client({ region: 'PRAGUE', languages: ['uk'], consent: true });
      const proposedOnly = await proposed(await freshVolunteer(), clientId);
      const started = await proposed(await freshVolunteer(), clientId);
      app.expectNoErrors(await app.gql(ACCEPT, { input: { matchId: started } }, prague));
      const departed = await app.gql(
        DEPART,
        { input: { clientId, reasonCode: 'MOVED_AWAY', leftOn: today } },
        prague,
      );
      app.expectNoErrors(departed);

      expect(await matchOnceItIs(proposedOnly, 'DECLINED')).toMatchObject({
        status: 'DECLINED',
        declinedBy: 'COORDINATOR',
        closingReasonCode: 'CLIENT_DEPARTED',
      });
      expect(await matchOnceItIs(started, 'ENDED')).toMatchObject({
        status: 'ENDED',
        endedOn: today,
        closingReasonCode: 'CLIENT_DEPARTED',
      });
      const another = await freshVolunteer();
      const head = await runtime.eventStore.headPosition();
      expect(codeOf(await app.gql(ACCEPT, { input: { matchId: proposedOnly } }, prague))).toBe(
        'MATCH.NOT_PROPOSED',
      );
      expect(codeOf(await propose(another, clientId))).toBe('CLIENT.DEPARTED');
      expect(codeOf(await app.gql(SUGGESTIONS, { clientId }, prague))).toBe('CLIENT.DEPARTED');
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });

    /** The contact disclosures' command outcomes counted so far, by code. */
    const disclosureOutcomes = async (): Promise<Record<string, number>> => {
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      const count = (code: string): number =>
        Number(
          new RegExp(
            `^pruvodce_command_outcomes_total\\{command="DiscloseInformation",code="${code}"\\} (\\d+)$`,
            'm',
          ).exec(metrics)?.[1] ?? 0,
        );
      return { ok: count('OK'), reused: count('COMMAND\\.ID_REUSED'), replayed: count('REPLAYED') };
    };

    it('given one commandId used to accept two matches of one client, then each discloses the contact under its own disclosure, and a re-send of either replays it', async () => {
      const clientId = await client({ region: 'PRAGUE', languages: ['uk'], consent: true });
      const first = await proposed(await freshVolunteer(), clientId);
      const second = await proposed(await freshVolunteer(), clientId);
      const commandId = newId();
      const accept = (matchId: string) => app.gql(ACCEPT, { input: { matchId, commandId } }, prague);
      const outcomesBefore = await disclosureOutcomes();

      const acceptedFirst = await accept(first);
      app.expectNoErrors(acceptedFirst);
      const acceptedSecond = await accept(second);
      app.expectNoErrors(acceptedSecond);

      const firstDisclosure = acceptedFirst.data!.acceptMatch.contactDisclosure;
      const secondDisclosure = acceptedSecond.data!.acceptMatch.contactDisclosure;
      expect(firstDisclosure).toMatchObject({ outcome: 'DISCLOSED' });
      expect(secondDisclosure).toMatchObject({ outcome: 'DISCLOSED' });
      expect(secondDisclosure.disclosureId).not.toBe(firstDisclosure.disclosureId);
      const disclosed = (await runtime.eventStore.readStream(clientStreamId(clientId)))
        .filter((event) => event.type === 'InformationDisclosed')
        .map((event) => event.data);
      expect(disclosed).toEqual([
        expect.objectContaining({ matchId: first, disclosureId: firstDisclosure.disclosureId }),
        expect.objectContaining({ matchId: second, disclosureId: secondDisclosure.disclosureId }),
      ]);

      const head = await runtime.eventStore.headPosition();
      for (const [matchId, earlier] of [
        [first, acceptedFirst],
        [second, acceptedSecond],
      ] as const) {
        const again = await accept(matchId);
        app.expectNoErrors(again);
        expect(again.data!.acceptMatch.contactDisclosure).toEqual(
          earlier.data!.acceptMatch.contactDisclosure,
        );
        expect(again.data!.acceptMatch.position).toBe(earlier.data!.acceptMatch.position);
      }
      expect(await runtime.eventStore.headPosition()).toBe(head);
      // Counted once each, as the client saw them: no refusal the handler recovered from.
      const outcomesAfter = await disclosureOutcomes();
      expect({
        ok: outcomesAfter.ok! - outcomesBefore.ok!,
        reused: outcomesAfter.reused! - outcomesBefore.reused!,
        replayed: outcomesAfter.replayed! - outcomesBefore.replayed!,
      }).toEqual({ ok: 2, reused: 0, replayed: 2 });
    });

    it('given a commandId whose disclosure for another match was recorded before fingerprints, when it accepts a match of the same client, then that match gets a disclosure of its own', async () => {
      const clientId = await client({ region: 'PRAGUE', languages: ['uk'], consent: true });
      const first = await proposed(await freshVolunteer(), clientId);
      const second = await proposed(await freshVolunteer(), clientId);
      const commandId = newId();
      const gateway = app.nest.get(CommandGateway, { strict: false });
      // As an acceptance recorded before fingerprints was: the match accepted and its disclosure recorded under
      // the ids derived from the commandId, neither carrying a fingerprint.
      const at = new Date().toISOString();
      const accepted = await handleCommand(
        runtime.eventStore,
        matchStreamId(first),
        matchDecider,
        { type: 'AcceptMatch', data: { matchId: first, now: at } },
        context(commandId),
      );
      if (!accepted.ok) throw new Error(accepted.rejection.code);
      const acceptedEvent = accepted.events.find((event) => event.type === 'MatchAccepted')!;
      const legacyDisclosureId = gateway.newEntityId('AcceptMatch.DiscloseContact', commandId);
      const legacy = await handleCommand(
        runtime.eventStore,
        clientStreamId(clientId),
        clientDecider,
        contactDisclosureOnMatchAccepted(
          { type: 'MatchAccepted', data: acceptedEvent.data } as unknown as MatchAccepted,
          { matchId: first, disclosureId: legacyDisclosureId },
          'coordinator-prague',
          at,
        ),
        context(gateway.newEntityId('AcceptMatch.DiscloseContact.command', commandId)),
      );
      if (!legacy.ok) throw new Error(legacy.rejection.code);

      const outcomesBefore = await disclosureOutcomes();
      const response = await app.gql(ACCEPT, { input: { matchId: second, commandId } }, prague);
      app.expectNoErrors(response);
      const outcomesAfter = await disclosureOutcomes();
      expect({
        ok: outcomesAfter.ok! - outcomesBefore.ok!,
        reused: outcomesAfter.reused! - outcomesBefore.reused!,
        replayed: outcomesAfter.replayed! - outcomesBefore.replayed!,
      }).toEqual({ ok: 1, reused: 0, replayed: 0 });
      const disclosure = response.data!.acceptMatch.contactDisclosure;
      expect(disclosure).toMatchObject({ outcome: 'DISCLOSED' });
      expect(disclosure.disclosureId).not.toBe(legacyDisclosureId);
      const disclosed = (await runtime.eventStore.readStream(clientStreamId(clientId)))
        .filter((event) => event.type === 'InformationDisclosed')
        .map((event) => event.data);
      expect(disclosed).toEqual([
        expect.objectContaining({ matchId: first, disclosureId: legacyDisclosureId }),
        expect.objectContaining({ matchId: second, disclosureId: disclosure.disclosureId }),
      ]);
    });

    it('refuses to accept, propose or suggest for an erased client: CLIENT.ERASED, nothing appended', async () => {
      const volunteerId = await freshVolunteer();
      const clientId = await client({ region: 'PRAGUE', languages: ['uk'], consent: true });
      const matchId = await proposed(volunteerId, clientId);
      const erased = await app.gql(ERASE, { input: { clientId } }, admin);
      app.expectNoErrors(erased);

      await expectAcceptRefused(matchId, 'CLIENT.ERASED');
      const another = await freshVolunteer();
      const head = await runtime.eventStore.headPosition();
      expect(codeOf(await propose(another, clientId))).toBe('CLIENT.ERASED');
      expect(codeOf(await app.gql(SUGGESTIONS, { clientId }, prague))).toBe('CLIENT.ERASED');
      expect(await runtime.eventStore.headPosition()).toBe(head);
    });
  });

  describe('one open match per volunteer and client', () => {
    const codeOf = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
      response.errors?.[0]?.extensions?.code;

    it('refuses a second proposal of a pair while the first is proposed, active or paused', async () => {
      const volunteerId = await volunteer({ regions: ['PRAGUE'], languages: ['uk'], activate: true });
      await runtime.waitFor(await runtime.eventStore.headPosition(), ['volunteers'], 10_000);
      const clientId = await client({ region: 'PRAGUE', languages: ['uk'], consent: true });
      const commandId = newId();
      const first = await propose(volunteerId, clientId, prague, commandId);
      app.expectNoErrors(first);
      const matchId = first.data!.proposeMatch.match.id as string;

      const expectTwinRefused = async () => {
        const head = await runtime.eventStore.headPosition();
        expect(codeOf(await propose(volunteerId, clientId, prague, newId()))).toBe('MATCH.ALREADY_EXISTS');
        expect(codeOf(await propose(volunteerId, clientId, admin))).toBe('MATCH.ALREADY_EXISTS');
        expect(await runtime.eventStore.headPosition()).toBe(head);
        const listed = await app.gql(MATCHES, { filter: { volunteerId, clientId } }, prague);
        expect(listed.data!.matches.totalCount).toBe(1);
        const suggested = await app.gql(SUGGESTIONS, { clientId }, prague);
        expect(
          (suggested.data!.matchSuggestions as { volunteerId: string }[]).map((entry) => entry.volunteerId),
        ).not.toContain(volunteerId);
      };

      await expectTwinRefused();
      // A re-send of the first proposal is still its earlier outcome, not a twin.
      const again = await propose(volunteerId, clientId, prague, commandId);
      expect(again.data!.proposeMatch.match.id).toBe(matchId);

      const accepted = await app.gql(ACCEPT, { input: { matchId } }, prague);
      expect(accepted.data!.acceptMatch.match.status).toBe('ACTIVE');
      await expectTwinRefused();

      const paused = await app.gql(
        simple('pauseMatch', 'PauseMatchInput'),
        { input: { matchId, reasonCode: 'HOLIDAY' } },
        prague,
      );
      expect(paused.data!.pauseMatch.match.status).toBe('PAUSED');
      await expectTwinRefused();

      // Once the match has ended, the pair may be matched again.
      const ended = await app.gql(
        simple('endMatch', 'EndMatchInput'),
        { input: { matchId, reasonCode: 'GOAL_REACHED' } },
        prague,
      );
      expect(ended.data!.endMatch.match.status).toBe('ENDED');
      const renewed = await propose(volunteerId, clientId);
      app.expectNoErrors(renewed);
      expect(renewed.data!.proposeMatch.match.id).not.toBe(matchId);
    });

    it('refuses to accept a twin while the other match of the pair is active, appending nothing', async () => {
      const volunteerId = await volunteer({ regions: ['PRAGUE'], languages: ['uk'], activate: true });
      const clientId = await client({ region: 'PRAGUE', languages: ['uk'], consent: true });
      // Twins as recorded before one open match per pair was enforced: straight into the store.
      const twins = [newId(), newId()];
      for (const matchId of twins) {
        const outcome = await handleCommand(
          runtime.eventStore,
          matchStreamId(matchId),
          matchDecider,
          {
            type: 'ProposeMatch',
            data: {
              matchId,
              volunteerId,
              clientId,
              proposedBy: 'e2e-setup',
              rationale: ['REGION'],
              volunteer: {
                status: 'ACTIVE',
                insurance: [{ from: `${year - 1}-01-01`, to: `${year + 1}-12-31` }],
                regions: ['PRAGUE'],
                languages: ['uk'],
                currentMatchCount: 0,
              },
              client: { region: 'PRAGUE', languages: ['uk'] },
              now: new Date().toISOString(),
            },
          },
          context(),
        );
        if (!outcome.ok) throw new Error(`setup ProposeMatch: ${outcome.rejection.code}`);
      }
      await runtime.waitFor(
        await runtime.eventStore.headPosition(),
        ['matches', 'match_client_regions'],
        10_000,
      );

      const first = await app.gql(ACCEPT, { input: { matchId: twins[0] } }, prague);
      expect(first.data!.acceptMatch.match.status).toBe('ACTIVE');
      const head = await runtime.eventStore.headPosition();
      const second = await app.gql(ACCEPT, { input: { matchId: twins[1] } }, prague);
      expect(codeOf(second)).toBe('MATCH.ALREADY_EXISTS');
      expect(await runtime.eventStore.headPosition()).toBe(head);
      expect((await app.gql(MATCH, { id: twins[1] }, prague)).data!.match.status).toBe('PROPOSED');
    });
  });

  describe('hours of one day', () => {
    it('refuses more than 12 hours for one pair on one day, however many meetings carry them', async () => {
      const pairMatchId = await proposed(
        await volunteer({ regions: ['PRAGUE'], languages: ['uk'], activate: true }),
        await client({ region: 'PRAGUE', languages: ['uk'], consent: true }),
      );
      app.expectNoErrors(await app.gql(ACCEPT, { input: { matchId: pairMatchId } }, prague));
      const logTwelve = () =>
        app.gql(
          LOG,
          {
            input: {
              commandId: newId(),
              matchId: pairMatchId,
              date: today,
              hours: 12,
              activity: 'CZECH_PRACTICE',
              place: 'OUTSIDE',
            },
          },
          prague,
        );
      const first = await logTwelve();
      app.expectNoErrors(first);
      const approved = await app.gql(
        simple('approveMeeting', 'ApproveMeetingInput'),
        { input: { matchId: pairMatchId, meetingId: first.data!.logMeeting.meetingId } },
        prague,
      );
      app.expectNoErrors(approved);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const head = await runtime.eventStore.headPosition();
        const again = await logTwelve();
        expect(again.errors?.[0]?.extensions).toEqual({ code: 'MEETING.HOURS_OUT_OF_RANGE', field: 'hours' });
        expect(await runtime.eventStore.headPosition()).toBe(head);
      }
      const read = await app.gql(MATCH, { id: pairMatchId }, prague);
      expect(read.data!.match).toMatchObject({ approvedHours: 12, meetingCount: 1 });
    });
  });
  describe('a program that sets VOLUNTEER_CLIENT_LIMIT', () => {
    let limited: TestApp;
    let limitedRuntime: Runtime;

    beforeAll(async () => {
      limited = await startTestApp({ VOLUNTEER_CLIENT_LIMIT: '3' });
      limitedRuntime = limited.nest.get(RUNTIME);
    });

    afterAll(async () => {
      await limited.close();
    });

    it('given a limit of 3 and a volunteer guiding two clients, when matched again, then a third client is suggested and accepted and a fourth refused', async () => {
      const store = limitedRuntime.eventStore;
      const coordinator = await limited.token('COORDINATOR', ['PRAGUE'], 'coordinator-limited');
      const guide = await volunteer({ regions: ['PRAGUE'], languages: ['uk'], activate: true }, store);
      const guided: string[] = [];
      for (let index = 0; index < 4; index += 1)
        guided.push(await client({ region: 'PRAGUE', languages: ['uk'], consent: false }, store));
      await limitedRuntime.waitFor(
        await store.headPosition(),
        ['volunteers', 'matches', 'match_client_regions'],
        10_000,
      );
      const match = async (clientId: string) => {
        const proposal = await limited.gql(
          PROPOSE,
          { input: { volunteerId: guide, clientId, rationale: ['REGION'] } },
          coordinator,
        );
        limited.expectNoErrors(proposal);
        const matchId = proposal.data!.proposeMatch.match.id as string;
        limited.expectNoErrors(await limited.gql(ACCEPT, { input: { matchId } }, coordinator));
      };
      await match(guided[0]!);
      await match(guided[1]!);

      const suggestions = await limited.gql(SUGGESTIONS, { clientId: guided[2] }, coordinator);
      limited.expectNoErrors(suggestions);
      expect(suggestions.data!.matchSuggestions).toEqual([
        expect.objectContaining({
          volunteerId: guide,
          explanation: expect.objectContaining({ freeCapacity: 1 }),
        }),
      ]);
      await match(guided[2]!);

      const head = await store.headPosition();
      const refused = await limited.gql(
        PROPOSE,
        { input: { volunteerId: guide, clientId: guided[3], rationale: ['REGION'] } },
        coordinator,
      );
      expect(refused.errors?.[0]?.extensions?.code).toBe('VOLUNTEER.CLIENT_LIMIT_REACHED');
      expect(await store.headPosition()).toBe(head);
    });

    it('given a limit of 3 and four proposals made before any was accepted, when all are accepted, then the fourth is refused and nothing is appended for it', async () => {
      const store = limitedRuntime.eventStore;
      const coordinator = await limited.token('COORDINATOR', ['PRAGUE'], 'coordinator-proposals');
      const guide = await volunteer({ regions: ['PRAGUE'], languages: ['uk'], activate: true }, store);
      const proposals: string[] = [];
      for (let index = 0; index < 4; index += 1) {
        const clientId = await client({ region: 'PRAGUE', languages: ['uk'], consent: false }, store);
        await limitedRuntime.waitFor(await store.headPosition(), ['volunteers', 'matches'], 10_000);
        const proposal = await limited.gql(
          PROPOSE,
          { input: { volunteerId: guide, clientId, rationale: ['REGION'] } },
          coordinator,
        );
        limited.expectNoErrors(proposal);
        proposals.push(proposal.data!.proposeMatch.match.id as string);
      }
      for (const matchId of proposals.slice(0, 3))
        limited.expectNoErrors(await limited.gql(ACCEPT, { input: { matchId } }, coordinator));

      const head = await store.headPosition();
      const fourth = await limited.gql(ACCEPT, { input: { matchId: proposals[3] } }, coordinator);

      expect(fourth.errors?.[0]?.extensions?.code).toBe('VOLUNTEER.CLIENT_LIMIT_REACHED');
      expect(await store.headPosition()).toBe(head);
    });
  });
});
