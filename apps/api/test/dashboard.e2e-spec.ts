import {
  addDays,
  clientDecider,
  dateOf,
  clientStreamId,
  nextDay,
  volunteerDecider,
  volunteerStreamId,
  yearBefore,
  type ClientCommand,
  type VolunteerCommand,
} from '@app/domain';
import { handleCommand } from '@app/event-store';
import { newId } from '@app/platform';
import type { Runtime } from '../../worker/src/runtime/runtime';
import { sweepReminders } from '../../worker/src/reminders/reminder-sweep';
import { RUNTIME } from '../src/platform/tokens';
import { startTestApp, type TestApp } from './support/test-app';

const DAY = 86_400_000;
const now = new Date();
const dayOffset = (days: number) => addDays(dateOf(now.toISOString()), days);
const today = dayOffset(0);

const DASHBOARD = `query ($region: Region!) { dashboard(region: $region) {
  region asOf activeVolunteers activeMatches approvedHoursThisMonth approvedHoursThisYear
  consentsExpiringWithin30Days { clientId consentId expiresOn }
  matchesWithoutMeetingFor14Days { matchId daysWithoutMeeting lastMeetingOn }
  matchesWithoutMeetingFor30Days { matchId daysWithoutMeeting }
  volunteersWithFewerThan4Supervisions { volunteerId supervisionsInLast12Months }
  reminders { code subjectId relatedId } } }`;

describe('dashboard over GraphQL', () => {
  let app: TestApp;
  let runtime: Runtime;
  let prague: string;
  const ids: Record<string, string> = {};
  let clockOffsetDays = 0;

  const context = () => ({
    commandId: newId(),
    correlationId: newId(),
    actor: { id: 'e2e-setup', role: 'ADMIN' },
    occurredAt: new Date().toISOString(),
  });

  async function onVolunteer(volunteerId: string, command: VolunteerCommand): Promise<void> {
    const outcome = await handleCommand(
      runtime.eventStore,
      volunteerStreamId(volunteerId),
      volunteerDecider,
      command,
      context(),
    );
    if (!outcome.ok) throw new Error(`setup ${command.type}: ${outcome.rejection.code}`);
  }

  async function onClient(clientId: string, command: ClientCommand): Promise<void> {
    const outcome = await handleCommand(
      runtime.eventStore,
      clientStreamId(clientId),
      clientDecider,
      command,
      context(),
    );
    if (!outcome.ok) throw new Error(`setup ${command.type}: ${outcome.rejection.code}`);
  }

  /** Registered some 400 days ago, so that its course, agreement and sessions may be dated as far back. */
  async function activeVolunteer(): Promise<string> {
    const volunteerId = newId();
    const at = now.toISOString();
    const registeredAt = new Date(now.getTime() - 400 * DAY).toISOString();
    await onVolunteer(volunteerId, {
      type: 'RegisterVolunteer',
      data: {
        volunteerId,
        name: 'Věra Dvořáková',
        email: 'vera@example.org',
        phone: '+420600000001',
        dateOfBirth: '1988-04-01',
        languages: ['cs', 'uk'],
        regions: ['PRAGUE'],
        availability: [{ day: 'MONDAY', part: 'EVENING' }],
        interests: [],
        now: registeredAt,
      },
    });
    await onVolunteer(volunteerId, { type: 'StartVolunteerTraining', data: { volunteerId, now: at } });
    await onVolunteer(volunteerId, {
      type: 'CompleteIntroductoryCourse',
      data: { volunteerId, courseId: 'c-1', completedOn: dayOffset(-200), now: at },
    });
    await onVolunteer(volunteerId, {
      type: 'SignVolunteerAgreement',
      data: { volunteerId, agreementId: 'a-1', signedOn: dayOffset(-200), now: at },
    });
    await onVolunteer(volunteerId, {
      type: 'ArrangeInsurance',
      data: { volunteerId, policyRef: 'P-1', from: dayOffset(-365), to: dayOffset(365), now: at },
    });
    await onVolunteer(volunteerId, { type: 'ActivateVolunteer', data: { volunteerId, now: at } });
    return volunteerId;
  }

  async function clientWithConsent(expiresOn?: string): Promise<{ clientId: string; consentId: string }> {
    const clientId = newId();
    const consentId = newId();
    const at = now.toISOString();
    await onClient(clientId, {
      type: 'RegisterClient',
      data: {
        clientId,
        name: 'Olena Kovalenko',
        contact: { phone: '+420700000001' },
        countryOfOrigin: 'UA',
        languages: ['uk'],
        region: 'PRAGUE',
        needs: ['CZECH_PRACTICE'],
        now: at,
      },
    });
    await onClient(clientId, {
      type: 'GiveConsent',
      data: {
        clientId,
        consentId,
        purposes: ['VOLUNTEER_MATCHING'],
        dataCategories: ['CONTACT'],
        recipients: ['ASSIGNED_VOLUNTEER'],
        lawfulBasis: 'CONSENT',
        givenOn: dayOffset(-60),
        ...(expiresOn === undefined ? {} : { expiresOn }),
        method: 'WRITTEN_FORM',
        evidenceRef: 'form-7',
        noticeVersion: 'v1',
        language: 'uk',
        interpreterUsed: false,
        now: at,
      },
    });
    return { clientId, consentId };
  }

  async function mutate(
    verb: string,
    inputType: string,
    input: Record<string, unknown>,
    select = 'position',
  ): Promise<Record<string, any>> {
    const response = await app.gql(
      `mutation ($input: ${inputType}!) { ${verb}(input: $input) { ${select} } }`,
      { input },
      prague,
    );
    if (response.errors !== undefined) throw new Error(`${verb}: ${JSON.stringify(response.errors)}`);
    return response.data![verb] as Record<string, any>;
  }

  async function activeMatch(volunteerId: string, clientId: string): Promise<string> {
    const proposed = await mutate(
      'proposeMatch',
      'ProposeMatchInput',
      { volunteerId, clientId, rationale: ['REGION'] },
      'match { id }',
    );
    const matchId = proposed.match.id as string;
    await mutate('acceptMatch', 'AcceptMatchInput', { matchId });
    return matchId;
  }

  async function approvedMeeting(matchId: string, date: string, hours: number): Promise<void> {
    const logged = await mutate(
      'logMeeting',
      'LogMeetingInput',
      { matchId, date, hours, activity: 'CZECH_PRACTICE', place: 'OUTSIDE' },
      'meetingId',
    );
    await mutate('approveMeeting', 'ApproveMeetingInput', { matchId, meetingId: logged.meetingId });
  }

  beforeAll(async () => {
    // The server's clock is moved back to accept the quiet match weeks ago, then returned to today.
    app = await startTestApp({}, { clock: { now: () => new Date(Date.now() + clockOffsetDays * DAY) } });
    runtime = app.nest.get(RUNTIME);
    prague = await app.token('COORDINATOR', ['PRAGUE'], 'coordinator-prague');
    ids.busyVolunteer = await activeVolunteer();
    ids.quietVolunteer = await activeVolunteer();
    const soon = await clientWithConsent(dayOffset(10));
    const later = await clientWithConsent(dayOffset(60));
    ids.soonClient = soon.clientId;
    ids.soonConsent = soon.consentId;
    ids.laterClient = later.clientId;
    // Consents expiring soon of clients no longer in the program: nothing for a coordinator to renew.
    const departed = await clientWithConsent(dayOffset(5));
    await onClient(departed.clientId, {
      type: 'RecordClientDeparture',
      data: {
        clientId: departed.clientId,
        leftOn: today,
        reasonCode: 'MOVED_AWAY',
        now: new Date().toISOString(),
      },
    });
    const erased = await clientWithConsent(dayOffset(6));
    await onClient(erased.clientId, {
      type: 'EraseClientPersonalData',
      data: {
        clientId: erased.clientId,
        requestedBy: 'admin-1',
        reasonCode: 'SUBJECT_REQUEST',
        now: new Date().toISOString(),
      },
    });
    await runtime.waitFor(
      await runtime.eventStore.headPosition(),
      ['volunteers', 'clients', 'consents', 'matches', 'match_client_regions'],
      10_000,
    );
    ids.recentMatch = await activeMatch(ids.busyVolunteer, ids.soonClient);
    await approvedMeeting(ids.recentMatch, today, 1.5);
    clockOffsetDays = -40;
    ids.quietMatch = await activeMatch(ids.quietVolunteer, ids.laterClient);
    clockOffsetDays = 0;
    await approvedMeeting(ids.quietMatch, dayOffset(-35), 2);
  });

  afterAll(async () => {
    await app.close();
  });

  it('given two active volunteers and matches, when a coordinator opens the dashboard, then the figures add up', async () => {
    const response = await app.gql(DASHBOARD, { region: 'PRAGUE' }, prague);
    app.expectNoErrors(response);
    const dashboard = response.data!.dashboard;
    const thisYear = dayOffset(-35).slice(0, 4) === today.slice(0, 4) ? 3.5 : 1.5;
    const thisMonth = dayOffset(-35).slice(0, 7) === today.slice(0, 7) ? 3.5 : 1.5;
    expect(dashboard).toMatchObject({
      region: 'PRAGUE',
      asOf: today,
      activeVolunteers: 2,
      activeMatches: 2,
      approvedHoursThisMonth: thisMonth,
      approvedHoursThisYear: thisYear,
    });
    expect(dashboard.consentsExpiringWithin30Days).toEqual([
      { clientId: ids.soonClient, consentId: ids.soonConsent, expiresOn: dayOffset(10) },
    ]);
    expect(dashboard.matchesWithoutMeetingFor14Days).toEqual([
      { matchId: ids.quietMatch, daysWithoutMeeting: 35, lastMeetingOn: dayOffset(-35) },
    ]);
    expect(dashboard.matchesWithoutMeetingFor30Days).toEqual([
      { matchId: ids.quietMatch, daysWithoutMeeting: 35 },
    ]);
    expect(dashboard.volunteersWithFewerThan4Supervisions).toHaveLength(2);
    expect(dashboard.volunteersWithFewerThan4Supervisions).toContainEqual({
      volunteerId: ids.busyVolunteer,
      supervisionsInLast12Months: 0,
    });
  });

  it('given the daily reminder sweep has run, when opened, then its findings for the region are listed', async () => {
    await sweepReminders(
      { documents: runtime.documents, collection: (name) => runtime.collection(name) },
      { now: () => new Date() },
    );
    const response = await app.gql(DASHBOARD, { region: 'PRAGUE' }, prague);
    const reminders = response.data!.dashboard.reminders as {
      code: string;
      subjectId: string;
      relatedId: string | null;
    }[];
    expect(reminders).toContainEqual({
      code: 'CONSENT_EXPIRING',
      subjectId: ids.soonClient,
      relatedId: ids.soonConsent,
    });
    expect(reminders).toContainEqual(
      expect.objectContaining({ code: 'NO_MEETING_30_DAYS', subjectId: ids.quietMatch }),
    );
    expect(reminders.some((reminder) => reminder.subjectId === ids.laterClient)).toBe(false);
  });

  it('given a region with nothing in it, when opened, then every figure is zero', async () => {
    const response = await app.gql(DASHBOARD, { region: 'LIBEREC' }, await app.token('ADMIN'));
    expect(response.data!.dashboard).toMatchObject({
      activeVolunteers: 0,
      activeMatches: 0,
      approvedHoursThisYear: 0,
      consentsExpiringWithin30Days: [],
    });
  });

  it('given supervisions exactly a year ago and a day later, when opened, then it counts as the volunteer record does', async () => {
    const volunteerId = await activeVolunteer();
    const yearAgo = yearBefore(today);
    for (const [sessionId, date] of [
      ['s-year-ago', yearAgo],
      ['s-day-after', nextDay(yearAgo)],
    ] as const) {
      await onVolunteer(volunteerId, {
        type: 'RecordSupervisionAttendance',
        data: { volunteerId, sessionId, date, now: now.toISOString() },
      });
    }
    await runtime.waitFor(await runtime.eventStore.headPosition(), ['volunteers'], 10_000);
    const response = await app.gql(DASHBOARD, { region: 'PRAGUE' }, prague);
    expect(response.data!.dashboard.volunteersWithFewerThan4Supervisions).toContainEqual({
      volunteerId,
      supervisionsInLast12Months: 1,
    });
    const record = await app.gql(
      'query ($id: ID!) { volunteer(id: $id) { supervisionsInLast12Months } }',
      { id: volunteerId },
      prague,
    );
    expect(record.data!.volunteer).toEqual({ supervisionsInLast12Months: 1 });
  });

  it('given a match paused for weeks and resumed three days ago, when opened, then its days without a meeting count from the resumption', async () => {
    const volunteerId = await activeVolunteer();
    const { clientId } = await clientWithConsent(dayOffset(90));
    await runtime.waitFor(
      await runtime.eventStore.headPosition(),
      ['volunteers', 'clients', 'consents', 'matches', 'match_client_regions'],
      10_000,
    );
    clockOffsetDays = -40;
    const matchId = await activeMatch(volunteerId, clientId);
    clockOffsetDays = -38;
    await mutate('pauseMatch', 'PauseMatchInput', { matchId, reasonCode: 'CLIENT_AWAY' });
    clockOffsetDays = -3;
    await mutate('resumeMatch', 'ResumeMatchInput', { matchId, reasonCode: 'CLIENT_BACK' });
    clockOffsetDays = 0;
    const response = await app.gql(DASHBOARD, { region: 'PRAGUE' }, prague);
    app.expectNoErrors(response);
    const quiet = response.data!.dashboard.matchesWithoutMeetingFor14Days as { matchId: string }[];
    expect(quiet.map((match) => match.matchId)).toEqual([ids.quietMatch]);
    expect(response.data!.dashboard.activeMatches).toBe(3);
  });

  it('hides regions the coordinator does not serve, and is not for auditors', async () => {
    const elsewhere = await app.gql(
      DASHBOARD,
      { region: 'PRAGUE' },
      await app.token('COORDINATOR', ['LIBEREC']),
    );
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const audited = await app.gql(DASHBOARD, { region: 'PRAGUE' }, await app.token('AUDITOR'));
    expect(audited.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('given figures on either side of each threshold, when opened, then only those at or past it are listed', async () => {
    const quietFor: Record<number, string> = {};
    for (const days of [13, 14, 29, 30]) {
      const volunteerId = await activeVolunteer();
      const { clientId } = await clientWithConsent(dayOffset(90));
      await runtime.waitFor(
        await runtime.eventStore.headPosition(),
        ['volunteers', 'clients', 'consents', 'matches', 'match_client_regions'],
        10_000,
      );
      clockOffsetDays = -days;
      quietFor[days] = await activeMatch(volunteerId, clientId);
      clockOffsetDays = 0;
    }
    const expiringIn30 = await clientWithConsent(dayOffset(30));
    const expiringIn31 = await clientWithConsent(dayOffset(31));
    const supervised: Record<number, string> = {};
    for (const count of [3, 4]) {
      const volunteerId = await activeVolunteer();
      for (let session = 1; session <= count; session++) {
        await onVolunteer(volunteerId, {
          type: 'RecordSupervisionAttendance',
          data: {
            volunteerId,
            sessionId: `s-${count}-${session}`,
            date: dayOffset(-30 * session),
            now: now.toISOString(),
          },
        });
      }
      supervised[count] = volunteerId;
    }
    await runtime.waitFor(
      await runtime.eventStore.headPosition(),
      ['volunteers', 'consents', 'matches'],
      10_000,
    );

    const response = await app.gql(DASHBOARD, { region: 'PRAGUE' }, prague);
    app.expectNoErrors(response);
    const dashboard = response.data!.dashboard;
    const quietDays = (list: { matchId: string; daysWithoutMeeting: number }[]) =>
      Object.fromEntries(
        list
          .filter((match) => Object.values(quietFor).includes(match.matchId))
          .map((match) => [match.matchId, match.daysWithoutMeeting]),
      );
    expect(quietDays(dashboard.matchesWithoutMeetingFor14Days)).toEqual({
      [quietFor[14]!]: 14,
      [quietFor[29]!]: 29,
      [quietFor[30]!]: 30,
    });
    expect(quietDays(dashboard.matchesWithoutMeetingFor30Days)).toEqual({ [quietFor[30]!]: 30 });
    const expiring = (dashboard.consentsExpiringWithin30Days as { clientId: string }[]).map(
      (consent) => consent.clientId,
    );
    expect(expiring).toContain(expiringIn30.clientId);
    expect(expiring).not.toContain(expiringIn31.clientId);
    const fewSupervisions = dashboard.volunteersWithFewerThan4Supervisions as {
      volunteerId: string;
      supervisionsInLast12Months: number;
    }[];
    expect(fewSupervisions).toContainEqual({ volunteerId: supervised[3], supervisionsInLast12Months: 3 });
    expect(fewSupervisions.map((volunteer) => volunteer.volunteerId)).not.toContain(supervised[4]);
  });
});
