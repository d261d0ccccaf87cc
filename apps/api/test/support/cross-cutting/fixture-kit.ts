import { addDays, dateOf } from '@app/domain';
import { newId, systemClock } from '@app/platform';
import type { Runtime } from '../../../../worker/src/runtime/runtime';
import { seedEligibleVolunteer } from '../../../../worker/src/certificates/testing/certificate-fixtures';
import { sweepReminders } from '../../../../worker/src/reminders/reminder-sweep';
import { RUNTIME } from '../../../src/platform/tokens';
import type { TestApp } from '../test-app';

const DAY_MS = 86_400_000;
/** A day relative to today in the program's calendar, as the server reads "today". */
export const isoDay = (offsetDays = 0): string => addDays(dateOf(new Date().toISOString()), offsetDays);
export const isoInstant = (offsetDays = 0): string =>
  new Date(Date.now() + offsetDays * DAY_MS).toISOString();

/** Records in PRAGUE, one per state a mutation may need, created as ADMIN through the API. */
export interface Fixtures {
  readonly applicantVolunteerId: string;
  readonly trainingVolunteerId: string;
  /** Course, agreement and insurance in place; not yet activated. */
  readonly readyVolunteerId: string;
  readonly activeVolunteerId: string;
  readonly pausedVolunteerId: string;
  /** A client whose consent covers giving the contact to the assigned volunteer and referrals. */
  readonly clientId: string;
  readonly consentId: string;
  readonly proposedMatchId: string;
  readonly activeMatchId: string;
  readonly pausedMatchId: string;
  /** A LOGGED meeting of the active match. */
  readonly meetingId: string;
  readonly sessionId: string;
  readonly certificateNumber: string;
  readonly certificateCode: string;
  readonly certificateVolunteerId: string;
}

export type VolunteerStage = 'applicant' | 'training' | 'ready' | 'active' | 'paused';
export type MatchStage = 'proposed' | 'active' | 'paused';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates records through the API as an ADMIN; every step must succeed, else setup fails loudly. */
export class FixtureKit {
  private constructor(
    private readonly app: TestApp,
    private readonly admin: string,
  ) {}

  static async create(app: TestApp): Promise<FixtureKit> {
    return new FixtureKit(app, await app.token('ADMIN', [], 'fixture-admin'));
  }

  async run(
    mutation: string,
    input: Record<string, unknown>,
    selection = 'position',
  ): Promise<Record<string, any>> {
    const inputType = `${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Input`;
    const response = await this.app.gql(
      `mutation ($input: ${inputType}!) { ${mutation}(input: $input) { ${selection} } }`,
      { input: { commandId: newId(), ...input } },
      this.admin,
    );
    const payload = response.data?.[mutation] as Record<string, any> | undefined;
    if (response.errors !== undefined || payload === undefined) {
      const codes = (response.errors ?? []).map((error) => error.extensions?.code).join(', ');
      throw new Error(
        `fixture ${mutation} failed: ${codes} ${JSON.stringify(response.errors?.[0]?.extensions ?? {})}`,
      );
    }
    return payload;
  }

  async volunteer(stage: VolunteerStage = 'active'): Promise<string> {
    const registered = await this.run(
      'registerVolunteer',
      {
        name: 'Jana Nováková',
        email: 'jana@example.org',
        phone: '+420 600 000 000',
        dateOfBirth: '1990-02-03',
        languages: ['cs', 'uk'],
        regions: ['PRAGUE'],
        availability: [{ day: 'TUESDAY', part: 'AFTERNOON' }],
        interests: ['CZECH_PRACTICE'],
      },
      'volunteer { id }',
    );
    const volunteerId = registered.volunteer.id as string;
    if (stage === 'applicant') return volunteerId;
    await this.run('startVolunteerTraining', { volunteerId });
    if (stage === 'training') return volunteerId;
    // Registered today: nothing the volunteer did can be dated earlier.
    await this.run('recordCourseCompletion', {
      volunteerId,
      courseId: 'INTRO-2025',
      completedOn: isoDay(0),
    });
    await this.run('signVolunteerAgreement', { volunteerId, signedOn: isoDay(-1) });
    await this.run('arrangeInsurance', {
      volunteerId,
      policyRef: 'POL-1',
      from: isoDay(-30),
      to: isoDay(365),
    });
    if (stage === 'ready') return volunteerId;
    await this.run('activateVolunteer', { volunteerId });
    if (stage === 'active') return volunteerId;
    await this.run('pauseVolunteer', { volunteerId, reasonCode: 'HOLIDAY' });
    return volunteerId;
  }

  async client(
    options: { consent: boolean } = { consent: true },
  ): Promise<{ clientId: string; consentId?: string }> {
    const registered = await this.run(
      'registerClient',
      {
        name: 'Olena Kovalenko',
        email: 'olena@example.org',
        phone: '+420 777 000 111',
        dateOfBirth: '1990-05-01',
        countryOfOrigin: 'UA',
        languages: ['uk'],
        region: 'PRAGUE',
        needs: ['CZECH_PRACTICE'],
      },
      'client { id }',
    );
    const clientId = registered.client.id as string;
    if (!options.consent) return { clientId };
    const given = await this.run(
      'giveConsent',
      {
        clientId,
        purposes: ['VOLUNTEER_MATCHING', 'REFERRAL'],
        dataCategories: ['IDENTITY', 'CONTACT'],
        recipients: ['ASSIGNED_VOLUNTEER', 'org-legal-aid'],
        lawfulBasis: 'CONSENT',
        givenOn: isoInstant(-1),
        method: 'WRITTEN_FORM',
        evidenceRef: 'FORM-2025-017',
        noticeVersion: '2025-01',
        language: 'uk',
      },
      'consent { id }',
    );
    return { clientId, consentId: given.consent.id as string };
  }

  /** Each match gets its own volunteer: a volunteer guides at most two clients. */
  async match(
    stage: MatchStage = 'active',
  ): Promise<{ matchId: string; volunteerId: string; clientId: string }> {
    const volunteerId = await this.volunteer('active');
    const { clientId } = await this.client({ consent: true });
    const proposed = await this.run(
      'proposeMatch',
      { volunteerId, clientId, rationale: ['REGION', 'LANGUAGE'] },
      'match { id }',
    );
    const matchId = proposed.match.id as string;
    if (stage !== 'proposed') await this.run('acceptMatch', { matchId });
    if (stage === 'paused') await this.run('pauseMatch', { matchId, reasonCode: 'HOLIDAY' });
    return { matchId, volunteerId, clientId };
  }

  async meeting(matchId: string): Promise<string> {
    const logged = await this.run(
      'logMeeting',
      { matchId, date: isoDay(0), hours: 1.5, activity: 'CZECH_PRACTICE', place: 'OUTSIDE' },
      'meetingId',
    );
    return logged.meetingId as string;
  }

  /**
   * Issuing takes months of history and runs in the worker, so the holder is seeded straight into the store
   * (as the certificates e2e does) and the in-process worker is awaited.
   */
  async certificate(): Promise<{ number: string; code: string; volunteerId: string }> {
    const volunteerId = newId();
    const runtime = this.app.nest.get<symbol, Runtime>(RUNTIME);
    await seedEligibleVolunteer(runtime.eventStore, volunteerId, { today: dateOf(new Date().toISOString()) });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await this.app.gql(
        'query ($volunteerId: ID!) { certificates(volunteerId: $volunteerId) { edges { node { number verificationCode } } } }',
        { volunteerId },
        this.admin,
      );
      const node = response.data?.certificates?.edges?.[0]?.node as
        { number: string; verificationCode: string } | undefined;
      if (node !== undefined) return { number: node.number, code: node.verificationCode, volunteerId };
      if (Date.now() > deadline) throw new Error('fixture certificate was not issued in time');
      await sleep(100);
    }
  }

  /** The sweep runs daily (and once at start, before any fixture existed); run it now over the fixtures. */
  async sweepReminders(): Promise<void> {
    const runtime = this.app.nest.get<symbol, Runtime>(RUNTIME);
    await sweepReminders(
      { documents: runtime.documents, collection: (name) => runtime.collection(name) },
      systemClock,
    );
  }

  async fixtures(): Promise<Fixtures> {
    const [applicantVolunteerId, trainingVolunteerId, readyVolunteerId, pausedVolunteerId] = [
      await this.volunteer('applicant'),
      await this.volunteer('training'),
      await this.volunteer('ready'),
      await this.volunteer('paused'),
    ];
    const active = await this.match('active');
    const proposed = await this.match('proposed');
    const paused = await this.match('paused');
    const { clientId, consentId } = await this.client({ consent: true });
    const meetingId = await this.meeting(active.matchId);
    const session = await this.run(
      'recordGroupMeeting',
      {
        date: isoDay(0),
        region: 'PRAGUE',
        facilitator: 'party-facilitator-1',
        attendees: [active.volunteerId],
      },
      'session { id }',
    );
    const certificate = await this.certificate();
    await this.sweepReminders();
    return {
      applicantVolunteerId,
      trainingVolunteerId,
      readyVolunteerId,
      activeVolunteerId: active.volunteerId,
      pausedVolunteerId,
      clientId,
      consentId: consentId ?? '',
      proposedMatchId: proposed.matchId,
      activeMatchId: active.matchId,
      pausedMatchId: paused.matchId,
      meetingId,
      sessionId: session.session.id as string,
      certificateNumber: certificate.number,
      certificateCode: certificate.code,
      certificateVolunteerId: certificate.volunteerId,
    };
  }
}
