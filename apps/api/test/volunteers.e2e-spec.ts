import { randomUUID } from 'node:crypto';
import { addDays, dateOf } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { RUNTIME } from '../src/platform/tokens';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

const DAY = 24 * 60 * 60 * 1000;
/** A day relative to today in the program's calendar, as the server reads "today". */
const day = (offsetDays: number): string => addDays(dateOf(new Date().toISOString()), offsetDays);
const yearsAgo = (years: number): string => {
  const date = new Date(`${day(0)}T00:00:00.000Z`);
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString().slice(0, 10);
};

const VOLUNTEER_FIELDS = `
  id status name email phone dateOfBirth languages regions interests availability { day part }
  trainingStartedOn course { courseId completedOn } guide { edition handedOutOn }
  agreementInForce agreementValidUntil insured insuredFrom insuredTo activatedOn pausedAt pauseReasonCode
  leftOn leftReasonCode consultationCount consultations { with heldOn matchId notes }
  groupMeetingsAttended { sessionId date } supervisionsAttended { sessionId date } supervisionsInLast12Months
`;

const REGISTER = `mutation ($input: RegisterVolunteerInput!) {
  registerVolunteer(input: $input) { position volunteer { ${VOLUNTEER_FIELDS} } }
}`;

const mutation = (name: string, inputType: string): string => `mutation ($input: ${inputType}!) {
  ${name}(input: $input) { position volunteer { ${VOLUNTEER_FIELDS} } }
}`;

const SESSION_FIELDS = 'id kind date region facilitator attendees attendeeCount';
const RECORD_GROUP_MEETING = `mutation ($input: RecordGroupMeetingInput!) {
  recordGroupMeeting(input: $input) { position session { ${SESSION_FIELDS} } }
}`;
const RECORD_SUPERVISION = `mutation ($input: RecordSupervisionSessionInput!) {
  recordSupervisionSession(input: $input) { position session { ${SESSION_FIELDS} } }
}`;
const VOLUNTEER = `query ($id: ID!) { volunteer(id: $id) { ${VOLUNTEER_FIELDS} } }`;
const VOLUNTEERS = `query ($filter: VolunteerFilterInput, $first: Int, $after: String) {
  volunteers(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id name status languages regions interests } }
  }
}`;
const PROGRAM_SESSIONS = `query ($filter: ProgramSessionFilterInput) {
  programSessions(filter: $filter) { totalCount edges { node { ${SESSION_FIELDS} } } }
}`;

const registration = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Jana Nováková',
  email: 'jana@example.org',
  phone: '+420 600 000 000',
  dateOfBirth: '1990-02-03',
  languages: ['cs', 'uk'],
  regions: ['PRAGUE'],
  availability: [{ day: 'TUESDAY', part: 'AFTERNOON' }],
  interests: ['CZECH_PRACTICE'],
  ...overrides,
});

// Answers are checked field by field with expect(); a loose shape keeps those assertions readable.

type Answer = Record<string, any>;

const codeOf = (response: GraphQLResponse): string | undefined => response.errors?.[0]?.extensions?.code;
const fieldsOf = (response: GraphQLResponse): string[] =>
  ((response.errors?.[0]?.extensions?.fields as { field: string }[] | undefined) ?? []).map(
    (problem) => problem.field,
  );

describe('volunteers and program sessions over GraphQL', () => {
  let app: TestApp;
  let prague: string;
  let liberec: string;
  let admin: string;
  let auditor: string;
  let eventStore: EventStore;
  let clockOffsetDays = 0;

  beforeAll(async () => {
    // The server's clock can be moved back to register volunteers in the past, whose sessions then may be too.
    app = await startTestApp({}, { clock: { now: () => new Date(Date.now() + clockOffsetDays * DAY) } });
    prague = await app.token('COORDINATOR', ['PRAGUE'], 'coordinator-prague');
    liberec = await app.token('COORDINATOR', ['LIBEREC'], 'coordinator-liberec');
    admin = await app.token('ADMIN');
    auditor = await app.token('AUDITOR');
    eventStore = app.nest.get<{ eventStore: EventStore }>(RUNTIME).eventStore;
  });
  afterAll(async () => {
    await app.close();
  });

  async function ok<Data = Answer>(
    query: string,
    variables: Record<string, unknown>,
    token = prague,
  ): Promise<Data> {
    const response = await app.gql<Data>(query, variables, token);
    app.expectNoErrors(response);
    return response.data as Data;
  }

  const run = (name: string, input: Record<string, unknown>, token = prague) =>
    app.gql(mutation(name, `${name[0]?.toUpperCase()}${name.slice(1)}Input`), { input }, token);

  async function register(
    overrides: Record<string, unknown> = {},
    token = prague,
    registeredDaysAgo = 0,
  ): Promise<string> {
    clockOffsetDays = -registeredDaysAgo;
    try {
      const data = await ok(REGISTER, { input: registration(overrides) }, token);
      return data.registerVolunteer.volunteer.id as string;
    } finally {
      clockOffsetDays = 0;
    }
  }

  /** Registered (`registeredDaysAgo`), then trained, agreed, insured and activated today. */
  async function activeVolunteer(
    overrides: Record<string, unknown> = {},
    token = prague,
    registeredDaysAgo = 30,
  ): Promise<string> {
    const volunteerId = await register(overrides, token, registeredDaysAgo);
    for (const [name, input] of [
      ['startVolunteerTraining', {}],
      ['recordCourseCompletion', { courseId: 'course-1', completedOn: day(0) }],
      ['signVolunteerAgreement', { signedOn: day(0), validUntil: day(365) }],
      ['arrangeInsurance', { policyRef: `POL-${randomUUID()}`, from: day(-10), to: day(300) }],
      ['activateVolunteer', {}],
    ] as const) {
      const response = await run(name, { volunteerId, ...input }, token);
      app.expectNoErrors(response);
    }
    return volunteerId;
  }

  it('walks the whole lifecycle, each mutation answering the volunteer as the read model shows it', async () => {
    const registered = await ok(REGISTER, { input: registration() });
    const volunteer = registered.registerVolunteer.volunteer;
    expect(volunteer).toMatchObject({
      status: 'APPLICANT',
      name: 'Jana Nováková',
      email: 'jana@example.org',
      dateOfBirth: '1990-02-03',
      languages: ['cs', 'uk'],
      regions: ['PRAGUE'],
      interests: ['CZECH_PRACTICE'],
      availability: [{ day: 'TUESDAY', part: 'AFTERNOON' }],
    });
    expect(BigInt(registered.registerVolunteer.position)).toBeGreaterThan(0n);
    const volunteerId = volunteer.id as string;

    const step = async (name: string, input: Record<string, unknown>): Promise<Answer> => {
      const response = await run(name, { volunteerId, ...input });
      app.expectNoErrors(response);
      return response.data?.[name].volunteer as Answer;
    };
    expect((await step('startVolunteerTraining', {})).status).toBe('IN_TRAINING');
    expect(
      (await step('recordCourseCompletion', { courseId: 'course-2025', completedOn: day(0) })).course,
    ).toEqual({
      courseId: 'course-2025',
      completedOn: day(0),
    });
    expect((await step('recordGuideHandedOut', { edition: '2025/1' })).guide).toEqual({
      edition: '2025/1',
      handedOutOn: day(0),
    });
    expect(await step('signVolunteerAgreement', { signedOn: day(0), validUntil: day(365) })).toMatchObject({
      agreementInForce: true,
      agreementValidUntil: day(365),
    });
    expect(
      await step('arrangeInsurance', { policyRef: 'POL-1', from: day(-10), to: day(300) }),
    ).toMatchObject({
      insured: true,
      insuredFrom: day(-10),
      insuredTo: day(300),
    });
    expect(await step('activateVolunteer', {})).toMatchObject({ status: 'ACTIVE', activatedOn: day(0) });
    expect(await step('pauseVolunteer', { reasonCode: 'EXAMS' })).toMatchObject({
      status: 'PAUSED',
      pauseReasonCode: 'EXAMS',
    });
    expect(await step('resumeVolunteer', { reasonCode: 'EXAMS_OVER' })).toMatchObject({
      status: 'ACTIVE',
      pausedAt: null,
    });
    const consulted = await step('recordConsultation', {
      with: 'SOCIAL_WORKER',
      heldOn: day(0),
      notes: 'Talked about boundaries.',
    });
    expect(consulted.consultationCount).toBe(1);
    expect(consulted.consultations).toEqual([
      { with: 'SOCIAL_WORKER', heldOn: day(0), matchId: null, notes: 'Talked about boundaries.' },
    ]);

    const other = await activeVolunteer({ name: 'Petr Dvořák' });
    const meeting = await ok(RECORD_GROUP_MEETING, {
      input: {
        date: day(0),
        region: 'PRAGUE',
        facilitator: 'party-coordinator-1',
        attendees: [volunteerId, other],
      },
    });
    expect(meeting.recordGroupMeeting.session).toMatchObject({
      kind: 'GROUP_MEETING',
      date: day(0),
      region: 'PRAGUE',
      attendees: [volunteerId, other],
      attendeeCount: 2,
    });
    const supervision = await ok(RECORD_SUPERVISION, {
      input: { date: day(0), region: 'PRAGUE', facilitator: 'party-supervisor-1', attendees: [volunteerId] },
    });
    expect(BigInt(supervision.recordSupervisionSession.position)).toBeGreaterThan(
      BigInt(meeting.recordGroupMeeting.position),
    );
    const afterSessions = (await ok(VOLUNTEER, { id: volunteerId })).volunteer;
    expect(afterSessions.groupMeetingsAttended).toEqual([
      { sessionId: meeting.recordGroupMeeting.session.id, date: day(0) },
    ]);
    expect(afterSessions.supervisionsAttended).toEqual([
      { sessionId: supervision.recordSupervisionSession.session.id, date: day(0) },
    ]);
    expect(afterSessions.supervisionsInLast12Months).toBe(1);
    expect((await ok(VOLUNTEER, { id: other })).volunteer.groupMeetingsAttended).toHaveLength(1);

    expect(await step('recordVolunteerLeft', { reasonCode: 'MOVED_AWAY', leftOn: day(0) })).toMatchObject({
      status: 'LEFT',
      leftOn: day(0),
      leftReasonCode: 'MOVED_AWAY',
    });
    const afterLeaving = await run('pauseVolunteer', { volunteerId, reasonCode: 'EXAMS' });
    expect(codeOf(afterLeaving)).toBe('VOLUNTEER.LEFT');
  });

  it('refuses activation before each gate with the domain code', async () => {
    const volunteerId = await register();
    expect(codeOf(await run('activateVolunteer', { volunteerId }))).toBe('VOLUNTEER.NOT_IN_TRAINING');
    await run('startVolunteerTraining', { volunteerId });
    expect(codeOf(await run('activateVolunteer', { volunteerId }))).toBe('VOLUNTEER.COURSE_NOT_COMPLETED');
    await run('recordCourseCompletion', { volunteerId, courseId: 'course-1', completedOn: day(0) });
    expect(codeOf(await run('activateVolunteer', { volunteerId }))).toBe('VOLUNTEER.AGREEMENT_NOT_IN_FORCE');
    await run('signVolunteerAgreement', { volunteerId, signedOn: day(0) });
    const uninsured = await run('activateVolunteer', { volunteerId });
    expect(codeOf(uninsured)).toBe('VOLUNTEER.NOT_INSURED');
    expect(uninsured.data).toBeNull();
    expect((await ok(VOLUNTEER, { id: volunteerId })).volunteer.status).toBe('IN_TRAINING');
  });

  it('refuses a volunteer under 15 with VOLUNTEER.UNDER_AGE on dateOfBirth, recording nothing', async () => {
    const head = await eventStore.headPosition();
    const response = await app.gql(REGISTER, { input: registration({ dateOfBirth: yearsAgo(14) }) }, prague);
    expect(codeOf(response)).toBe('VOLUNTEER.UNDER_AGE');
    expect(response.errors?.[0]?.extensions?.field).toBe('dateOfBirth');
    expect(JSON.stringify(response)).not.toContain(yearsAgo(14));
    expect(await eventStore.headPosition()).toBe(head);
  });

  it('answers BAD_USER_INPUT naming each invalid field, without echoing personal data', async () => {
    const response = await app.gql(
      REGISTER,
      { input: registration({ email: 'not-an-email', languages: [], phone: 'call me' }) },
      prague,
    );
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual(expect.arrayContaining(['email', 'languages', 'phone']));
    expect(JSON.stringify(response)).not.toContain('not-an-email');

    const volunteerId = await register();
    const badReason = await run('pauseVolunteer', { volunteerId, reasonCode: 'because I said so' });
    expect(codeOf(badReason)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(badReason)).toEqual(['reasonCode']);

    const badAttendees = await app.gql(
      RECORD_GROUP_MEETING,
      { input: { date: day(-1), region: 'PRAGUE', facilitator: 'party-1', attendees: [] } },
      prague,
    );
    expect(codeOf(badAttendees)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(badAttendees)).toEqual(['attendees']);

    const badDate = await app.gql(REGISTER, { input: registration({ dateOfBirth: '1990-02-30' }) }, prague);
    expect(codeOf(badDate)).toBe('BAD_USER_INPUT');
    expect(badDate.errors?.[0]?.message).toContain('dateOfBirth');
  });

  it('answers BAD_USER_INPUT for blank, invisible or control-character text, naming every field', async () => {
    const volunteerId = await register();
    const head = await eventStore.headPosition();
    const blank = await app.gql(
      REGISTER,
      { input: registration({ name: '   ', phone: '      ', email: 'not-an-email' }) },
      prague,
    );
    expect(codeOf(blank)).toBe('BAD_USER_INPUT');
    expect([...new Set(fieldsOf(blank))].sort()).toEqual(['email', 'name', 'phone']);
    for (const name of ['\u200b', 'Jana\u0000Nováková', 'Jana \u2067Nováková\u2069']) {
      const response = await app.gql(REGISTER, { input: registration({ name }) }, prague);
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(response)).toEqual(['name']);
    }
    const policy = await run('arrangeInsurance', {
      volunteerId,
      policyRef: '  ',
      from: day(-1),
      to: day(30),
    });
    expect(codeOf(policy)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(policy)).toEqual(['policyRef']);
    const session = await app.gql(
      RECORD_SUPERVISION,
      { input: { date: day(-1), region: 'PRAGUE', facilitator: ' ', attendees: [volunteerId] } },
      prague,
    );
    expect(codeOf(session)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(session)).toEqual(['facilitator']);
    // A facilitator is a party id, never a name: a name would stay in clear on the session for good.
    const named = await app.gql(
      RECORD_SUPERVISION,
      {
        input: {
          date: day(-1),
          region: 'PRAGUE',
          facilitator: 'Mgr. Jana Nováková',
          attendees: [volunteerId],
        },
      },
      prague,
    );
    expect(fieldsOf(named)).toEqual(['facilitator']);
    expect(JSON.stringify(named)).not.toContain('Jana');
    expect(await eventStore.headPosition()).toBe(head);
  });

  it('refuses a date of birth before 1900 as invalid input, recording nothing', async () => {
    const head = await eventStore.headPosition();
    const response = await app.gql(REGISTER, { input: registration({ dateOfBirth: '1800-01-01' }) }, prague);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual(['dateOfBirth']);
    expect(JSON.stringify(response)).not.toContain('1800');
    expect(await eventStore.headPosition()).toBe(head);
  });

  it('refuses leaving dated before the registration with VALIDATION.INVALID_RANGE, recording nothing', async () => {
    const volunteerId = await register();
    const head = await eventStore.headPosition();
    const response = await run('recordVolunteerLeft', {
      volunteerId,
      reasonCode: 'MOVED_AWAY',
      leftOn: '1800-01-01',
    });
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'VALIDATION.INVALID_RANGE', field: 'leftOn' });
    expect(await eventStore.headPosition()).toBe(head);
    expect((await ok(VOLUNTEER, { id: volunteerId })).volunteer.leftOn).toBeNull();
  });

  it('keeps coordinators to their regions', async () => {
    const volunteerId = await register({ name: 'Regional Isolation' });
    expect(codeOf(await app.gql(VOLUNTEER, { id: volunteerId }, liberec))).toBe('NOT_FOUND');
    expect(codeOf(await app.gql(VOLUNTEER, { id: randomUUID() }, prague))).toBe('NOT_FOUND');
    expect(codeOf(await run('startVolunteerTraining', { volunteerId }, liberec))).toBe('NOT_FOUND');
    const listed = await ok(VOLUNTEERS, { filter: { namePrefix: 'Regional Isolation' } }, liberec);
    expect(listed.volunteers.totalCount).toBe(0);
    const askedForPrague = await ok(VOLUNTEERS, { filter: { region: 'PRAGUE' } }, liberec);
    expect(askedForPrague.volunteers.edges).toEqual([]);

    const head = await eventStore.headPosition();
    const intoPrague = await app.gql(
      REGISTER,
      { input: registration({ regions: ['LIBEREC', 'PRAGUE'] }) },
      liberec,
    );
    expect(codeOf(intoPrague)).toBe('FORBIDDEN');
    const pragueSession = await app.gql(
      RECORD_GROUP_MEETING,
      { input: { date: day(-1), region: 'PRAGUE', facilitator: 'party-1', attendees: [volunteerId] } },
      liberec,
    );
    expect(codeOf(pragueSession)).toBe('FORBIDDEN');
    const withUnseenAttendee = await app.gql(
      RECORD_GROUP_MEETING,
      { input: { date: day(-1), region: 'LIBEREC', facilitator: 'party-1', attendees: [volunteerId] } },
      liberec,
    );
    expect(codeOf(withUnseenAttendee)).toBe('NOT_FOUND');
    expect(await eventStore.headPosition()).toBe(head);

    // A volunteer serving both regions is visible to coordinators of either.
    const shared = await register({ name: 'Regional Shared', regions: ['PRAGUE', 'LIBEREC'] }, admin);
    expect((await ok(VOLUNTEER, { id: shared }, liberec)).volunteer.name).toBe('Regional Shared');
    expect(
      (await ok(VOLUNTEERS, { filter: { namePrefix: 'regional' } }, liberec)).volunteers.totalCount,
    ).toBe(1);
    expect((await ok(VOLUNTEERS, { filter: { namePrefix: 'regional' } }, prague)).volunteers.totalCount).toBe(
      2,
    );
  });

  it('forbids auditors every volunteer mutation and query, and strangers everything', async () => {
    const volunteerId = await register();
    expect(codeOf(await app.gql(REGISTER, { input: registration() }, auditor))).toBe('FORBIDDEN');
    expect(codeOf(await run('pauseVolunteer', { volunteerId, reasonCode: 'EXAMS' }, auditor))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await app.gql(VOLUNTEER, { id: volunteerId }, auditor))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(VOLUNTEERS, {}, auditor))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(PROGRAM_SESSIONS, {}, auditor))).toBe('FORBIDDEN');
    expect(codeOf(await app.gql(VOLUNTEER, { id: volunteerId }))).toBe('UNAUTHENTICATED');
  });

  it('answers a re-sent registration with the same volunteer and position, appending nothing', async () => {
    const commandId = randomUUID();
    const first = await ok(REGISTER, { input: registration({ commandId }) });
    const head = await eventStore.headPosition();
    const again = await ok(REGISTER, { input: registration({ commandId }) });
    expect(again.registerVolunteer.volunteer.id).toBe(first.registerVolunteer.volunteer.id);
    expect(again.registerVolunteer.position).toBe(first.registerVolunteer.position);
    expect(await eventStore.headPosition()).toBe(head);
  });

  it('answers a re-sent session with the same session and position, attendance recorded once', async () => {
    const volunteerId = await activeVolunteer();
    const commandId = randomUUID();
    const input = {
      commandId,
      date: day(-3),
      region: 'PRAGUE',
      facilitator: 'party-1',
      attendees: [volunteerId],
    };
    const first = await ok(RECORD_SUPERVISION, { input });
    const head = await eventStore.headPosition();
    const again = await ok(RECORD_SUPERVISION, { input });
    expect(again.recordSupervisionSession).toEqual(first.recordSupervisionSession);
    expect(await eventStore.headPosition()).toBe(head);
    expect((await ok(VOLUNTEER, { id: volunteerId })).volunteer.supervisionsAttended).toHaveLength(1);
  });

  it('answers a session re-sent after an attendee left with the first answer, and records one held before leaving', async () => {
    const staying = await activeVolunteer();
    const leaving = await activeVolunteer();
    const input = {
      commandId: randomUUID(),
      date: day(-3),
      region: 'PRAGUE',
      facilitator: 'party-1',
      attendees: [staying, leaving],
    };
    const first = await ok(RECORD_GROUP_MEETING, { input });
    await ok(mutation('recordVolunteerLeft', 'RecordVolunteerLeftInput'), {
      input: { volunteerId: leaving, reasonCode: 'MOVED_AWAY', leftOn: day(-1) },
    });
    const head = await eventStore.headPosition();
    expect((await ok(RECORD_GROUP_MEETING, { input })).recordGroupMeeting).toEqual(first.recordGroupMeeting);
    expect(await eventStore.headPosition()).toBe(head);

    // A session held before the volunteer left, recorded afterwards, is theirs; one held after is not.
    const late = await ok(RECORD_GROUP_MEETING, {
      input: { date: day(-2), region: 'PRAGUE', facilitator: 'party-1', attendees: [leaving] },
    });
    expect(late.recordGroupMeeting.session.attendeeCount).toBe(1);
    expect((await ok(VOLUNTEER, { id: leaving })).volunteer.groupMeetingsAttended).toHaveLength(2);
    const after = await app.gql(
      RECORD_GROUP_MEETING,
      { input: { date: day(0), region: 'PRAGUE', facilitator: 'party-1', attendees: [leaving] } },
      prague,
    );
    expect(codeOf(after)).toBe('VOLUNTEER.LEFT');
  });

  it('answers a session re-sent after an attendee was recorded as having left before it with the first answer', async () => {
    const volunteerId = await activeVolunteer();
    const input = {
      commandId: randomUUID(),
      date: day(-3),
      region: 'PRAGUE',
      facilitator: 'party-1',
      attendees: [volunteerId],
    };
    const first = await ok(RECORD_SUPERVISION, { input });
    await ok(mutation('recordVolunteerLeft', 'RecordVolunteerLeftInput'), {
      input: { volunteerId, reasonCode: 'MOVED_AWAY', leftOn: day(-5) },
    });
    const head = await eventStore.headPosition();
    expect((await ok(RECORD_SUPERVISION, { input })).recordSupervisionSession).toEqual(
      first.recordSupervisionSession,
    );
    expect(await eventStore.headPosition()).toBe(head);
  });

  describe('recordConsultation about a match', () => {
    const REGISTER_CLIENT = `mutation ($input: RegisterClientInput!) { registerClient(input: $input) { client { id } } }`;
    const PROPOSE = `mutation ($input: ProposeMatchInput!) { proposeMatch(input: $input) { match { id } } }`;
    const MATCH = `query ($id: ID!) { match(id: $id) { id } }`;
    const madeUp = (): string => randomUUID();

    /** A match proposed by an admin between a fresh active volunteer and a fresh client in `clientRegion`. */
    async function matchIn(volunteerRegions: string[], clientRegion: string) {
      const volunteerId = await activeVolunteer({ regions: volunteerRegions }, admin);
      const client = await ok(
        REGISTER_CLIENT,
        {
          input: {
            name: 'Olena Kovalenko',
            email: 'olena@example.org',
            dateOfBirth: '1990-05-01',
            countryOfOrigin: 'UA',
            languages: ['uk'],
            region: clientRegion,
            needs: ['CZECH_PRACTICE'],
          },
        },
        admin,
      );
      const proposed = await ok(
        PROPOSE,
        { input: { volunteerId, clientId: client.registerClient.client.id, rationale: ['REGION'] } },
        admin,
      );
      return { volunteerId, matchId: proposed.proposeMatch.match.id as string };
    }

    /** What the caller learns from a consultation naming `matchId`, with nothing appended either way. */
    async function refusal(volunteerId: string, matchId: string) {
      const head = await eventStore.headPosition();
      const response = await run(
        'recordConsultation',
        { volunteerId, with: 'COORDINATOR', heldOn: day(0), matchId },
        prague,
      );
      expect(await eventStore.headPosition()).toBe(head);
      const error = response.errors?.[0];
      return { message: error?.message, extensions: error?.extensions };
    }

    it("refuses a match outside the caller's regions exactly as one that does not exist", async () => {
      const { volunteerId, matchId } = await matchIn(['PRAGUE', 'CENTRAL_BOHEMIA'], 'CENTRAL_BOHEMIA');
      expect(codeOf(await app.gql(MATCH, { id: matchId }, prague))).toBe('NOT_FOUND');
      const outside = await refusal(volunteerId, matchId);
      expect(outside.extensions?.code).toBe('MATCH.NOT_FOUND');
      expect(outside).toEqual(await refusal(volunteerId, madeUp()));
      expect((await ok(VOLUNTEER, { id: volunteerId })).volunteer.consultationCount).toBe(0);
    });

    it('answers NOT_FOUND for an invisible volunteer whether or not the match exists', async () => {
      const { volunteerId, matchId } = await matchIn(['LIBEREC'], 'LIBEREC');
      const real = await refusal(volunteerId, matchId);
      expect(real.extensions?.code).toBe('NOT_FOUND');
      expect(await refusal(volunteerId, madeUp())).toEqual(real);
    });

    it("shows a consultation about a match outside the caller's regions without its match or notes", async () => {
      const { volunteerId, matchId } = await matchIn(['PRAGUE', 'CENTRAL_BOHEMIA'], 'CENTRAL_BOHEMIA');
      const centralBohemia = await app.token('COORDINATOR', ['CENTRAL_BOHEMIA'], 'coordinator-central');
      app.expectNoErrors(
        await run(
          'recordConsultation',
          { volunteerId, with: 'SOCIAL_WORKER', heldOn: day(0), matchId, notes: 'The client is expecting.' },
          centralBohemia,
        ),
      );
      const seenFrom = async (token: string) =>
        (await ok(VOLUNTEER, { id: volunteerId }, token)).volunteer.consultations as unknown[];
      const whole = { with: 'SOCIAL_WORKER', heldOn: day(0), matchId, notes: 'The client is expecting.' };
      expect(await seenFrom(centralBohemia)).toEqual([whole]);
      expect(await seenFrom(admin)).toEqual([whole]);
      expect(await seenFrom(prague)).toEqual([
        { with: 'SOCIAL_WORKER', heldOn: day(0), matchId: null, notes: null },
      ]);
      // The same through a mutation's payload.
      const paused = await run('pauseVolunteer', { volunteerId, reasonCode: 'HOLIDAY' }, prague);
      app.expectNoErrors(paused);
      expect(JSON.stringify(paused.data)).not.toContain(matchId);
      expect(JSON.stringify(paused.data)).not.toContain('expecting');
    });

    it("records a consultation about one of the volunteer's matches in the caller's regions", async () => {
      const { volunteerId, matchId } = await matchIn(['PRAGUE'], 'PRAGUE');
      const response = await run(
        'recordConsultation',
        { volunteerId, with: 'COORDINATOR', heldOn: day(0), matchId },
        prague,
      );
      app.expectNoErrors(response);
      expect(response.data?.recordConsultation.volunteer.consultations).toEqual([
        { with: 'COORDINATOR', heldOn: day(0), matchId, notes: null },
      ]);
    });
  });

  it('reads its own writes right after each mutation', async () => {
    const volunteerId = await register();
    await run('startVolunteerTraining', { volunteerId });
    expect((await ok(VOLUNTEER, { id: volunteerId })).volunteer.status).toBe('IN_TRAINING');
    await run('recordConsultation', { volunteerId, with: 'CZECH_TEACHER', heldOn: day(0) });
    expect((await ok(VOLUNTEER, { id: volunteerId })).volunteer.consultationCount).toBe(1);
  });

  it('filters and pages volunteers', async () => {
    const prefix = `Filter${randomUUID().slice(0, 8)}`;
    await register({ name: `${prefix} Anna`, languages: ['cs'], interests: ['ORIENTATION'] });
    await register({ name: `${prefix} Boris`, languages: ['uk', 'ru'], interests: ['CZECH_PRACTICE'] });
    const carla = await register({ name: `${prefix} Carla`, languages: ['uk'], interests: ['ORIENTATION'] });
    await run('startVolunteerTraining', { volunteerId: carla });
    await register({ name: `${prefix} Dana`, languages: ['ar'], regions: ['LIBEREC'], interests: [] }, admin);

    const names = (data: Answer): string[] =>
      (data.volunteers.edges as { node: { name: string } }[]).map((edge) => edge.node.name);
    const byPrefix = { namePrefix: prefix.toLowerCase() };
    expect(names(await ok(VOLUNTEERS, { filter: byPrefix }))).toEqual([
      `${prefix} Anna`,
      `${prefix} Boris`,
      `${prefix} Carla`,
    ]);
    expect(names(await ok(VOLUNTEERS, { filter: byPrefix }, admin))).toHaveLength(4);
    expect(names(await ok(VOLUNTEERS, { filter: { ...byPrefix, region: 'LIBEREC' } }, admin))).toEqual([
      `${prefix} Dana`,
    ]);
    expect(names(await ok(VOLUNTEERS, { filter: { ...byPrefix, language: 'uk' } }))).toEqual([
      `${prefix} Boris`,
      `${prefix} Carla`,
    ]);
    expect(names(await ok(VOLUNTEERS, { filter: { ...byPrefix, interest: 'ORIENTATION' } }))).toEqual([
      `${prefix} Anna`,
      `${prefix} Carla`,
    ]);
    expect(names(await ok(VOLUNTEERS, { filter: { ...byPrefix, status: 'IN_TRAINING' } }))).toEqual([
      `${prefix} Carla`,
    ]);

    const firstPage = await ok(VOLUNTEERS, { filter: byPrefix, first: 2 });
    expect(names(firstPage)).toEqual([`${prefix} Anna`, `${prefix} Boris`]);
    expect(firstPage.volunteers.totalCount).toBe(3);
    expect(firstPage.volunteers.pageInfo.hasNextPage).toBe(true);
    const secondPage = await ok(VOLUNTEERS, {
      filter: byPrefix,
      first: 2,
      after: firstPage.volunteers.pageInfo.endCursor,
    });
    expect(names(secondPage)).toEqual([`${prefix} Carla`]);
    expect(secondPage.volunteers.pageInfo.hasNextPage).toBe(false);

    const tooMany = await app.gql(VOLUNTEERS, { first: 1000 }, prague);
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(tooMany)).toEqual(['first']);
    expect(codeOf(await app.gql(VOLUNTEERS, { after: 'garbage' }, prague))).toBe('BAD_USER_INPUT');
  });

  it('shows a coordinator only the attendees of their regions, and counts everyone', async () => {
    const inPrague = await activeVolunteer({}, admin);
    const inLiberec = await activeVolunteer({ regions: ['LIBEREC'] }, admin);
    const recorded = await ok(
      RECORD_SUPERVISION,
      { input: { date: day(0), region: 'PRAGUE', facilitator: 'party-3', attendees: [inPrague, inLiberec] } },
      admin,
    );
    const sessionId = recorded.recordSupervisionSession.session.id as string;
    expect(recorded.recordSupervisionSession.session).toMatchObject({
      attendees: [inPrague, inLiberec],
      attendeeCount: 2,
    });
    const sessionAs = async (token: string) =>
      (
        (await ok(PROGRAM_SESSIONS, { filter: { from: day(0), kind: 'SUPERVISION' } }, token)).programSessions
          .edges as { node: { id: string; attendees: string[]; attendeeCount: number } }[]
      ).find((edge) => edge.node.id === sessionId)?.node;
    expect(await sessionAs(prague)).toMatchObject({ attendees: [inPrague], attendeeCount: 2 });
    expect(await sessionAs(admin)).toMatchObject({ attendees: [inPrague, inLiberec], attendeeCount: 2 });
    expect(codeOf(await app.gql(VOLUNTEER, { id: inLiberec }, prague))).toBe('NOT_FOUND');
  });

  it('lists program sessions by region, kind and period', async () => {
    const inPrague = await activeVolunteer({}, prague, 60);
    const inLiberec = await activeVolunteer({ regions: ['LIBEREC'] }, liberec, 60);
    const meeting = await ok(RECORD_GROUP_MEETING, {
      input: { date: day(-40), region: 'PRAGUE', facilitator: 'party-1', attendees: [inPrague] },
    });
    await ok(
      RECORD_SUPERVISION,
      { input: { date: day(-41), region: 'LIBEREC', facilitator: 'party-2', attendees: [inLiberec] } },
      liberec,
    );
    const ids = (data: Answer): string[] =>
      (data.programSessions.edges as { node: { id: string } }[]).map((edge) => edge.node.id);
    const period = { from: day(-45), to: day(-35) };
    expect(ids(await ok(PROGRAM_SESSIONS, { filter: period }))).toEqual([
      meeting.recordGroupMeeting.session.id,
    ]);
    expect(ids(await ok(PROGRAM_SESSIONS, { filter: period }, admin))).toHaveLength(2);
    expect(
      ids(await ok(PROGRAM_SESSIONS, { filter: { ...period, kind: 'SUPERVISION' } }, admin)),
    ).toHaveLength(1);
    expect(ids(await ok(PROGRAM_SESSIONS, { filter: { ...period, region: 'LIBEREC' } }))).toEqual([]);
    expect(ids(await ok(PROGRAM_SESSIONS, { filter: { from: day(-39) } }))).not.toContain(
      meeting.recordGroupMeeting.session.id,
    );
  });

  it('refuses a session held after an attendee left, recording nothing', async () => {
    const volunteerId = await activeVolunteer();
    await run('recordVolunteerLeft', { volunteerId, reasonCode: 'MOVED_AWAY', leftOn: day(-1) });
    const head = await eventStore.headPosition();
    const response = await app.gql(
      RECORD_GROUP_MEETING,
      { input: { date: day(0), region: 'PRAGUE', facilitator: 'party-1', attendees: [volunteerId] } },
      prague,
    );
    expect(codeOf(response)).toBe('VOLUNTEER.LEFT');
    expect(await eventStore.headPosition()).toBe(head);
  });

  it.each([
    ['RECORD_SUPERVISION', '1901-01-02'],
    ['RECORD_SUPERVISION', '2001-01-01'],
    ['RECORD_GROUP_MEETING', '2001-01-01'],
  ] as const)(
    'refuses a %s dated %s, before an attendee registered, recording nothing for anyone',
    async (kind, date) => {
      const veteran = await activeVolunteer({ dateOfBirth: '1960-01-01' }, prague, 10_000);
      const newcomer = await activeVolunteer({}, prague, 0);
      const head = await eventStore.headPosition();
      const response = await app.gql(
        kind === 'RECORD_SUPERVISION' ? RECORD_SUPERVISION : RECORD_GROUP_MEETING,
        { input: { date, region: 'PRAGUE', facilitator: 'party-1', attendees: [veteran, newcomer] } },
        prague,
      );
      expect(response.errors?.[0]?.extensions).toEqual({ code: 'VALIDATION.INVALID_RANGE', field: 'date' });
      expect(await eventStore.headPosition()).toBe(head);
      for (const id of [veteran, newcomer]) {
        const { volunteer } = await ok(VOLUNTEER, { id });
        expect(volunteer.supervisionsAttended).toEqual([]);
        expect(volunteer.groupMeetingsAttended).toEqual([]);
      }
    },
  );

  it('records a session on the day the newest attendee registered', async () => {
    const newcomer = await activeVolunteer({}, prague, 0);
    await ok(RECORD_SUPERVISION, {
      input: { date: day(0), region: 'PRAGUE', facilitator: 'party-1', attendees: [newcomer] },
    });
    expect((await ok(VOLUNTEER, { id: newcomer })).volunteer.supervisionsInLast12Months).toBe(1);
  });

  it.each([
    ['recordCourseCompletion', 'completedOn', { courseId: 'course-1' }, '2001-01-10'],
    ['recordConsultation', 'heldOn', { with: 'SOCIAL_WORKER' }, '1950-11-20'],
  ] as const)(
    'refuses %s dated before the registration with VALIDATION.INVALID_RANGE on %s, recording nothing',
    async (name, field, input, date) => {
      const volunteerId = await register();
      if (name === 'recordCourseCompletion') {
        app.expectNoErrors(await run('startVolunteerTraining', { volunteerId }));
      }
      const head = await eventStore.headPosition();
      const response = await run(name, { volunteerId, ...input, [field]: date });
      expect(response.errors?.[0]?.extensions).toEqual({ code: 'VALIDATION.INVALID_RANGE', field });
      expect(await eventStore.headPosition()).toBe(head);
    },
  );
});
