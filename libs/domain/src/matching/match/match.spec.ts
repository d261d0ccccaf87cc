import { clientDecider } from '../../clients/client/client.decide';
import type { ClientEvent } from '../../clients/client/client.events';
import { fold } from '../../shared/decider';
import { specFor } from '../../shared/testing';
import { contactDisclosureOnMatchAccepted, matchContactDisclosureRejection } from './match-accepted.process';
import type { LogMeeting, MatchCommand, ProposeMatch } from './match.commands';
import { clientMatchingRejection, matchDecider } from './match.decide';
import type { MatchAccepted, MatchEvent } from './match.events';
import { approvedHours } from './match.state';

const { given } = specFor(matchDecider);

const matchId = 'match-1';
const volunteerId = 'volunteer-1';
const clientId = 'client-1';
const now = '2025-04-10T12:00:00.000Z';

const proposed: MatchEvent = {
  type: 'MatchProposed',
  data: {
    matchId,
    volunteerId,
    clientId,
    proposedBy: 'coordinator-1',
    rationale: ['REGION', 'LANGUAGE'],
    proposedAt: '2025-04-01T09:00:00.000Z',
  },
};
const accepted: MatchAccepted = {
  type: 'MatchAccepted',
  data: { acceptedOn: '2025-04-02', volunteerId, clientId },
};
const paused: MatchEvent = {
  type: 'MatchPaused',
  data: { reasonCode: 'HOLIDAY', pausedAt: '2025-04-05T00:00:00.000Z' },
};
const ended: MatchEvent = {
  type: 'MatchEnded',
  data: { reasonCode: 'GOAL_REACHED', endedOn: '2025-04-08', volunteerId },
};
const logged: MatchEvent = {
  type: 'MeetingLogged',
  data: {
    meetingId: 'meeting-1',
    date: '2025-04-03',
    hours: 1.5,
    activity: 'CZECH_PRACTICE',
    place: 'OUTSIDE',
    loggedBy: volunteerId,
    loggedAt: '2025-04-03T20:00:00.000Z',
  },
};

const propose = (overrides: Partial<ProposeMatch['data']> = {}): MatchCommand => ({
  type: 'ProposeMatch',
  data: {
    matchId,
    volunteerId,
    clientId,
    proposedBy: 'coordinator-1',
    rationale: ['REGION', 'LANGUAGE', 'REGION'],
    volunteer: {
      status: 'ACTIVE',
      insurance: [{ from: '2025-01-01', to: '2025-12-31' }],
      regions: ['PRAGUE', 'CENTRAL_BOHEMIA'],
      languages: ['cs', 'uk'],
      currentMatchCount: 1,
    },
    client: { region: 'PRAGUE', languages: ['uk'] },
    now: '2025-04-01T09:00:00.000Z',
    ...overrides,
  },
});
const volunteerFacts = (overrides: Partial<ProposeMatch['data']['volunteer']>) => {
  const command = propose();
  if (command.type !== 'ProposeMatch') throw new Error('unreachable');
  return { ...command.data.volunteer, ...overrides };
};

const logMeeting = (overrides: Partial<LogMeeting['data']> = {}): MatchCommand => ({
  type: 'LogMeeting',
  data: {
    matchId,
    meetingId: 'meeting-2',
    date: '2025-04-09',
    hours: 2.25,
    activity: 'ACCOMPANIMENT',
    place: 'OUTSIDE',
    loggedBy: volunteerId,
    now,
    ...overrides,
  },
});

describe('Match decider', () => {
  describe('ProposeMatch', () => {
    it('proposes when every named rule holds', () => {
      given([])
        .when(propose())
        .then([{ ...proposed, data: { ...proposed.data, rationale: ['REGION', 'LANGUAGE'] } }]);
    });
    it('rejects a volunteer who is not active', () => {
      given([])
        .when(propose({ volunteer: volunteerFacts({ status: 'PAUSED' }) }))
        .then('VOLUNTEER.NOT_ACTIVE');
    });
    it('rejects a volunteer whose insurance is not in force that day', () => {
      given([])
        .when(
          propose({ volunteer: volunteerFacts({ insurance: [{ from: '2024-01-01', to: '2025-03-31' }] }) }),
        )
        .then('VOLUNTEER.NOT_INSURED');
    });
    it('rejects a volunteer serving other regions', () => {
      given([])
        .when(propose({ client: { region: 'LIBEREC', languages: ['uk'] } }))
        .then('MATCH.REGION_MISMATCH');
    });
    it('rejects when no language is shared', () => {
      given([])
        .when(propose({ client: { region: 'PRAGUE', languages: ['ar'] } }))
        .then('MATCH.NO_SHARED_LANGUAGE');
    });
    it('rejects a volunteer at the default limit of two clients', () => {
      given([])
        .when(propose({ volunteer: volunteerFacts({ currentMatchCount: 2 }) }))
        .then('VOLUNTEER.CLIENT_LIMIT_REACHED');
    });
    it('honours a configured client limit', () => {
      const events = given([])
        .when(propose({ volunteer: volunteerFacts({ currentMatchCount: 2 }), clientLimit: 3 }))
        .events();
      expect(events.map((event) => event.type)).toEqual(['MatchProposed']);
      given([])
        .when(propose({ clientLimit: 1 }))
        .then('VOLUNTEER.CLIENT_LIMIT_REACHED');
    });
    it('rejects an unknown rationale criterion', () => {
      given([])
        .when(propose({ rationale: ['LUCK' as never] }))
        .then('VALIDATION.UNKNOWN_VALUE');
    });
    it('rejects a second proposal under the same id', () => {
      given([proposed]).when(propose()).then('MATCH.ALREADY_EXISTS');
    });
    it('rejects a client who has left the program', () => {
      given([])
        .when(propose({ client: { region: 'PRAGUE', languages: ['uk'], departed: true, erased: false } }))
        .then('CLIENT.DEPARTED');
    });
    it('rejects a client whose personal data was erased, departed or not', () => {
      given([])
        .when(propose({ client: { region: 'PRAGUE', languages: ['uk'], departed: false, erased: true } }))
        .then('CLIENT.ERASED');
      given([])
        .when(propose({ client: { region: 'PRAGUE', languages: ['uk'], departed: true, erased: true } }))
        .then('CLIENT.ERASED');
    });
    it('proposes to a client in the program with data intact', () => {
      const events = given([])
        .when(propose({ client: { region: 'PRAGUE', languages: ['uk'], departed: false, erased: false } }))
        .events();
      expect(events.map((event) => event.type)).toEqual(['MatchProposed']);
    });
    it('rejects a pair that already has an open match under another id', () => {
      given([])
        .when(propose({ volunteer: volunteerFacts({ openMatchesWithClient: 1 }) }))
        .then('MATCH.ALREADY_EXISTS');
    });
    it('names the open twin before the client limit', () => {
      given([])
        .when(propose({ volunteer: volunteerFacts({ currentMatchCount: 2, openMatchesWithClient: 1 }) }))
        .then('MATCH.ALREADY_EXISTS');
    });
    it('proposes a pair whose earlier matches are all closed', () => {
      const events = given([])
        .when(propose({ volunteer: volunteerFacts({ openMatchesWithClient: 0 }) }))
        .events();
      expect(events.map((event) => event.type)).toEqual(['MatchProposed']);
    });
  });

  describe('clientMatchingRejection', () => {
    it('answers with the code ProposeMatch would reject the client with', () => {
      expect(clientMatchingRejection({ departed: true, erased: false })?.code).toBe('CLIENT.DEPARTED');
      expect(clientMatchingRejection({ departed: true, erased: true })?.code).toBe('CLIENT.ERASED');
      expect(clientMatchingRejection({ departed: false, erased: false })).toBeUndefined();
    });
  });

  describe('matchContactDisclosureRejection', () => {
    it.each([
      ['ACTIVE', false, undefined],
      ['PAUSED', false, undefined],
      ['PROPOSED', false, 'MATCH.NOT_ACTIVE'],
      ['ENDED', false, 'MATCH.NOT_ACTIVE'],
      ['DECLINED', false, 'MATCH.NOT_ACTIVE'],
      ['ACTIVE', true, 'MATCH.CONTACT_ALREADY_DISCLOSED'],
    ] as const)(
      'given a %s match (contact disclosed: %s), then it answers %s',
      (status, contactDisclosed, code) => {
        expect(matchContactDisclosureRejection({ status, contactDisclosed })?.code).toBe(code);
      },
    );
  });

  describe('AcceptMatch', () => {
    const accept: MatchCommand = { type: 'AcceptMatch', data: { matchId, now } };
    it('accepts a proposed match', () => {
      given([proposed])
        .when(accept)
        .then([{ type: 'MatchAccepted', data: { acceptedOn: '2025-04-10', volunteerId, clientId } }]);
    });
    it('rejects accepting twice', () => {
      given([proposed, accepted]).when(accept).then('MATCH.NOT_PROPOSED');
    });
    it('rejects an unknown match', () => {
      given([]).when(accept).then('MATCH.NOT_FOUND');
    });
    const acceptFor = (client: { departed: boolean; erased: boolean }): MatchCommand => ({
      type: 'AcceptMatch',
      data: { matchId, client, now },
    });
    it('rejects when the client has left the program since the proposal', () => {
      given([proposed])
        .when(acceptFor({ departed: true, erased: false }))
        .then('CLIENT.DEPARTED');
    });
    it("rejects when the client's personal data was erased since the proposal", () => {
      given([proposed])
        .when(acceptFor({ departed: false, erased: true }))
        .then('CLIENT.ERASED');
    });
    it('rejects a twin while another match of the same pair is active or paused', () => {
      given([proposed])
        .when({ type: 'AcceptMatch', data: { matchId, startedMatchesOfPair: 1, now } })
        .then('MATCH.ALREADY_EXISTS');
      given([proposed])
        .when({ type: 'AcceptMatch', data: { matchId, startedMatchesOfPair: 0, now } })
        .then([{ type: 'MatchAccepted', data: { acceptedOn: '2025-04-10', volunteerId, clientId } }]);
    });
    const acceptWithVolunteer = (
      volunteer: Partial<{ status: 'ACTIVE' | 'PAUSED' | 'LEFT'; currentMatchCount: number }> & {
        insurance?: { from: string; to: string }[];
      },
      clientLimit?: number,
    ): MatchCommand => ({
      type: 'AcceptMatch',
      data: {
        matchId,
        volunteer: {
          status: volunteer.status ?? 'ACTIVE',
          insurance: volunteer.insurance ?? [{ from: '2025-01-01', to: '2025-12-31' }],
          currentMatchCount: volunteer.currentMatchCount ?? 0,
        },
        ...(clientLimit === undefined ? {} : { clientLimit }),
        now,
      },
    });
    it('given the volunteer was paused or left since the proposal, when accepted, then VOLUNTEER.NOT_ACTIVE', () => {
      given([proposed])
        .when(acceptWithVolunteer({ status: 'PAUSED' }))
        .then('VOLUNTEER.NOT_ACTIVE');
      given([proposed])
        .when(acceptWithVolunteer({ status: 'LEFT' }))
        .then('VOLUNTEER.NOT_ACTIVE');
    });
    it("given the volunteer's insurance lapsed before the day of acceptance, when accepted, then VOLUNTEER.NOT_INSURED", () => {
      given([proposed])
        .when(acceptWithVolunteer({ insurance: [{ from: '2025-01-01', to: '2025-04-09' }] }))
        .then('VOLUNTEER.NOT_INSURED');
    });
    it('given other proposals of the volunteer accepted meanwhile up to the limit, when accepted, then VOLUNTEER.CLIENT_LIMIT_REACHED', () => {
      given([proposed])
        .when(acceptWithVolunteer({ currentMatchCount: 2 }))
        .then('VOLUNTEER.CLIENT_LIMIT_REACHED');
      given([proposed])
        .when(acceptWithVolunteer({ currentMatchCount: 2 }, 3))
        .then([{ type: 'MatchAccepted', data: { acceptedOn: '2025-04-10', volunteerId, clientId } }]);
    });
    it("names no input field in an acceptance's volunteer refusals, whose input names only the match", () => {
      const state = fold(matchDecider, [proposed]);
      for (const command of [
        acceptWithVolunteer({ status: 'PAUSED' }),
        acceptWithVolunteer({ insurance: [] }),
        acceptWithVolunteer({ currentMatchCount: 2 }),
      ]) {
        const decision = matchDecider.decide(command, state);
        expect(decision.ok).toBe(false);
        expect(decision.ok ? null : decision.rejection.field).toBeUndefined();
      }
    });
    it('given an active, insured volunteer under the limit, when accepted, then the match starts', () => {
      given([proposed])
        .when(acceptWithVolunteer({ currentMatchCount: 1 }))
        .then([{ type: 'MatchAccepted', data: { acceptedOn: '2025-04-10', volunteerId, clientId } }]);
    });
    it('accepts for a client in the program with data intact', () => {
      given([proposed])
        .when(acceptFor({ departed: false, erased: false }))
        .then([{ type: 'MatchAccepted', data: { acceptedOn: '2025-04-10', volunteerId, clientId } }]);
    });
    it('leads to a contact disclosure decided on the client stream', () => {
      const command = contactDisclosureOnMatchAccepted(
        accepted,
        { matchId, disclosureId: 'd-1' },
        'coordinator-1',
        now,
      );
      const clientHistory: ClientEvent[] = [
        {
          type: 'ClientRegistered',
          data: {
            clientId,
            name: 'N',
            contact: { phone: '1' },
            dateOfBirth: '1990-01-01',
            countryOfOrigin: 'UA',
            languages: ['uk'],
            region: 'PRAGUE',
            needs: [],
            availability: [],
            registeredAt: '2025-03-01T00:00:00.000Z',
          },
        },
      ];
      const withoutConsent = clientDecider.decide(command, fold(clientDecider, clientHistory));
      expect(withoutConsent).toMatchObject({
        ok: true,
        events: [
          { type: 'DisclosureRefused', data: { reasonCode: 'CONSENT.NOT_IN_FORCE', recipient: volunteerId } },
        ],
      });
      clientHistory.push({
        type: 'ConsentGiven',
        data: {
          consentId: 'consent-1',
          purposes: ['VOLUNTEER_MATCHING'],
          dataCategories: ['CONTACT'],
          recipients: ['ASSIGNED_VOLUNTEER'],
          lawfulBasis: 'CONSENT',
          givenOn: '2025-03-01',
          method: 'WRITTEN_FORM',
          evidenceRef: 'F-1',
          noticeVersion: 'v1',
          language: 'uk',
          interpreterUsed: false,
          recordedAt: '2025-03-01T00:00:00.000Z',
        },
      });
      const withConsent = clientDecider.decide(command, fold(clientDecider, clientHistory));
      expect(withConsent).toMatchObject({
        ok: true,
        events: [{ type: 'InformationDisclosed', data: { basis: { consentId: 'consent-1' }, matchId } }],
      });
    });
  });

  describe('DeclineMatch', () => {
    const decline = (by: string): MatchCommand =>
      ({ type: 'DeclineMatch', data: { matchId, by, reasonCode: 'SCHEDULE_CONFLICT', now } }) as MatchCommand;
    it('records who declined and why', () => {
      given([proposed])
        .when(decline('CLIENT'))
        .then([
          { type: 'MatchDeclined', data: { by: 'CLIENT', reasonCode: 'SCHEDULE_CONFLICT', declinedAt: now } },
        ]);
    });
    it('rejects declining an accepted match', () => {
      given([proposed, accepted]).when(decline('VOLUNTEER')).then('MATCH.NOT_PROPOSED');
    });
    it('rejects an unknown party', () => {
      given([proposed]).when(decline('NEIGHBOUR')).then('VALIDATION.UNKNOWN_VALUE');
    });
    it('rejects an unknown match', () => {
      given([]).when(decline('CLIENT')).then('MATCH.NOT_FOUND');
    });
  });

  describe('PauseMatch and ResumeMatch', () => {
    const pause: MatchCommand = { type: 'PauseMatch', data: { matchId, reasonCode: 'HOLIDAY', now } };
    const resume: MatchCommand = { type: 'ResumeMatch', data: { matchId, reasonCode: 'BACK', now } };
    it('pauses an active match', () => {
      given([proposed, accepted])
        .when(pause)
        .then([{ type: 'MatchPaused', data: { reasonCode: 'HOLIDAY', pausedAt: now } }]);
    });
    it('rejects pausing a match that is not active', () => {
      given([proposed]).when(pause).then('MATCH.NOT_ACTIVE');
      given([proposed, accepted, paused]).when(pause).then('MATCH.NOT_ACTIVE');
    });
    it('resumes a paused match', () => {
      given([proposed, accepted, paused])
        .when(resume)
        .then([{ type: 'MatchResumed', data: { reasonCode: 'BACK', resumedAt: now } }]);
    });
    it('rejects resuming a match that is not paused', () => {
      given([proposed, accepted]).when(resume).then('MATCH.NOT_PAUSED');
    });
    it('rejects unknown matches', () => {
      given([]).when(pause).then('MATCH.NOT_FOUND');
      given([]).when(resume).then('MATCH.NOT_FOUND');
    });
  });

  describe('EndMatch', () => {
    const end = (endedOn?: string): MatchCommand => ({
      type: 'EndMatch',
      data: { matchId, reasonCode: 'VOLUNTEER_LEFT', now, ...(endedOn === undefined ? {} : { endedOn }) },
    });
    it('ends an active match on the command day by default', () => {
      given([proposed, accepted])
        .when(end())
        .then([
          { type: 'MatchEnded', data: { reasonCode: 'VOLUNTEER_LEFT', endedOn: '2025-04-10', volunteerId } },
        ]);
    });
    it('ends a paused match on a given earlier day', () => {
      given([proposed, accepted, paused])
        .when(end('2025-04-06'))
        .then([
          { type: 'MatchEnded', data: { reasonCode: 'VOLUNTEER_LEFT', endedOn: '2025-04-06', volunteerId } },
        ]);
    });
    it('declines a match that was only proposed, on behalf of the coordinator', () => {
      given([proposed])
        .when(end())
        .then([
          {
            type: 'MatchDeclined',
            data: { by: 'COORDINATOR', reasonCode: 'VOLUNTEER_LEFT', declinedAt: now },
          },
        ]);
    });
    it('rejects an end date before the day the match was accepted', () => {
      given([proposed, accepted]).when(end('2000-01-01')).then('MATCH.END_BEFORE_START');
    });
    it('given a meeting logged on 3 April, when the match is ended on 2 April, then it is refused and names endedOn', () => {
      given([proposed, accepted, logged]).when(end('2025-04-02')).then('MATCH.END_BEFORE_LAST_MEETING');
      const decision = matchDecider.decide(
        end('2025-04-02'),
        fold(matchDecider, [proposed, accepted, logged]),
      );
      expect(decision.ok ? null : decision.rejection.field).toBe('endedOn');
    });
    it('given a meeting logged on 3 April, when the match is ended that day, then it ends', () => {
      given([proposed, accepted, logged])
        .when(end('2025-04-03'))
        .then([
          { type: 'MatchEnded', data: { reasonCode: 'VOLUNTEER_LEFT', endedOn: '2025-04-03', volunteerId } },
        ]);
    });
    it('given the only later meeting was declined, when the match is ended before it, then it ends', () => {
      given([
        proposed,
        accepted,
        logged,
        { type: 'MeetingDeclined', data: { meetingId: 'meeting-1', by: 'coordinator-1', declinedAt: now } },
      ])
        .when(end('2025-04-02'))
        .then([
          { type: 'MatchEnded', data: { reasonCode: 'VOLUNTEER_LEFT', endedOn: '2025-04-02', volunteerId } },
        ]);
    });
    it('rejects ending a closed match', () => {
      given([proposed, accepted, ended]).when(end()).then('MATCH.CLOSED');
    });
    it('rejects an end date in the future', () => {
      given([proposed, accepted]).when(end('2025-04-11')).then('VALIDATION.DATE_IN_FUTURE');
    });
    it('rejects an unknown match', () => {
      given([]).when(end()).then('MATCH.NOT_FOUND');
    });
  });

  describe('LogMeeting', () => {
    it('logs a meeting of an active match', () => {
      given([proposed, accepted])
        .when(logMeeting())
        .then([
          {
            type: 'MeetingLogged',
            data: {
              meetingId: 'meeting-2',
              date: '2025-04-09',
              hours: 2.25,
              activity: 'ACCOMPANIMENT',
              place: 'OUTSIDE',
              loggedBy: volunteerId,
              loggedAt: now,
            },
          },
        ]);
    });
    it('logs a meeting that happened before the match ended', () => {
      const events = given([proposed, accepted, ended])
        .when(logMeeting({ date: '2025-04-07' }))
        .events();
      expect(events.map((event) => event.type)).toEqual(['MeetingLogged']);
    });
    it('rejects a meeting in the future', () => {
      given([proposed, accepted])
        .when(logMeeting({ date: '2025-04-11' }))
        .then('MEETING.IN_FUTURE');
    });
    it("logs a meeting dated today in Prague in the hours when UTC's date is still yesterday", () => {
      const events = given([proposed, accepted])
        .when(logMeeting({ date: '2025-04-11', now: '2025-04-10T22:30:00.000Z' }))
        .events();
      expect(events).toMatchObject([{ type: 'MeetingLogged', data: { date: '2025-04-11' } }]);
      given([proposed, accepted])
        .when(logMeeting({ date: '2025-04-11', now: '2025-04-10T21:59:59.999Z' }))
        .then('MEETING.IN_FUTURE');
    });
    it('rejects a meeting before acceptance or after the end', () => {
      given([proposed, accepted])
        .when(logMeeting({ date: '2025-04-01' }))
        .then('MEETING.OUTSIDE_MATCH_PERIOD');
      given([proposed, accepted, ended])
        .when(logMeeting({ date: '2025-04-09' }))
        .then('MEETING.OUTSIDE_MATCH_PERIOD');
    });
    it.each([0, -1, 12.25, Number.NaN])('rejects %p hours', (hours) => {
      given([proposed, accepted]).when(logMeeting({ hours })).then('MEETING.HOURS_OUT_OF_RANGE');
    });
    it('accepts the twelve-hour maximum', () => {
      expect(
        given([proposed, accepted])
          .when(logMeeting({ hours: 12 }))
          .events(),
      ).toHaveLength(1);
    });
    it('rejects hours that are not quarter-hour steps', () => {
      given([proposed, accepted])
        .when(logMeeting({ hours: 1.1 }))
        .then('MEETING.HOURS_NOT_QUARTER');
    });
    it('rejects a match that was never accepted', () => {
      given([proposed]).when(logMeeting()).then('MATCH.NOT_STARTED');
    });
    it('rejects a duplicate meeting id', () => {
      given([proposed, accepted, logged])
        .when(logMeeting({ meetingId: 'meeting-1' }))
        .then('MEETING.ALREADY_LOGGED');
    });
    it('rejects an unknown activity', () => {
      given([proposed, accepted])
        .when(logMeeting({ activity: 'SHOPPING' as never }))
        .then('VALIDATION.UNKNOWN_VALUE');
    });
    it('rejects an unknown match', () => {
      given([]).when(logMeeting()).then('MATCH.NOT_FOUND');
    });
  });

  describe('LogMeeting: hours of one day', () => {
    // Each earlier meeting of the day is logged under its own id (a new commandId in the API).
    const loggedOnDay = (meetingId: string, hours: number): MatchEvent => {
      const [event] = given([proposed, accepted]).when(logMeeting({ meetingId, hours })).events();
      if (event === undefined) throw new Error('no event');
      return event;
    };
    const decide =
      (meetingId: string) =>
      (type: 'ApproveMeeting' | 'DeclineMeeting'): MatchEvent => {
        const history = [proposed, accepted, loggedOnDay(meetingId, 12)];
        const [event] = given(history)
          .when({ type, data: { matchId, meetingId, by: 'coordinator-1', now } })
          .events();
        if (event === undefined) throw new Error('no event');
        return event;
      };
    const rejection = (history: readonly MatchEvent[], command: MatchCommand) => {
      const decision = matchDecider.decide(command, fold(matchDecider, history));
      return decision.ok ? { ok: true } : { code: decision.rejection.code, field: decision.rejection.field };
    };

    it('rejects a third twelve-hour meeting of the pair on one day, approved or not, naming hours', () => {
      const first = [loggedOnDay('m-a', 12), decide('m-a')('ApproveMeeting')];
      const history = [proposed, accepted, ...first];
      given(history)
        .when(logMeeting({ meetingId: 'm-b', hours: 12 }))
        .then('MEETING.HOURS_OUT_OF_RANGE');
      expect(rejection(history, logMeeting({ meetingId: 'm-b', hours: 12 }))).toEqual({
        code: 'MEETING.HOURS_OUT_OF_RANGE',
        field: 'hours',
      });
      given([proposed, accepted, loggedOnDay('m-a', 12)])
        .when(logMeeting({ meetingId: 'm-b', hours: 0.25 }))
        .then('MEETING.HOURS_OUT_OF_RANGE');
    });
    it('accepts meetings of one day up to twelve hours together, not a quarter more', () => {
      const history = [proposed, accepted, loggedOnDay('m-a', 8), loggedOnDay('m-b', 0.75)];
      expect(
        given(history)
          .when(logMeeting({ meetingId: 'm-c', hours: 3.25 }))
          .events(),
      ).toHaveLength(1);
      given(history)
        .when(logMeeting({ meetingId: 'm-c', hours: 3.5 }))
        .then('MEETING.HOURS_OUT_OF_RANGE');
    });
    it('leaves declined meetings and other days out of the sum', () => {
      const declined = [proposed, accepted, loggedOnDay('m-a', 12), decide('m-a')('DeclineMeeting')];
      expect(
        given(declined)
          .when(logMeeting({ meetingId: 'm-b', hours: 12 }))
          .events(),
      ).toHaveLength(1);
      expect(
        given([proposed, accepted, loggedOnDay('m-a', 12)])
          .when(logMeeting({ meetingId: 'm-b', hours: 12, date: '2025-04-08' }))
          .events(),
      ).toHaveLength(1);
    });
  });

  describe('ApproveMeeting and DeclineMeeting', () => {
    const approve: MatchCommand = {
      type: 'ApproveMeeting',
      data: { matchId, meetingId: 'meeting-1', by: 'coordinator-1', now },
    };
    const declineMeeting = (reasonCode?: string): MatchCommand => ({
      type: 'DeclineMeeting',
      data: {
        matchId,
        meetingId: 'meeting-1',
        by: 'coordinator-1',
        now,
        ...(reasonCode ? { reasonCode } : {}),
      },
    });
    it('approves a logged meeting, carrying the hours that now count', () => {
      const approvedEvent: MatchEvent = {
        type: 'MeetingApproved',
        data: {
          meetingId: 'meeting-1',
          by: 'coordinator-1',
          approvedAt: now,
          volunteerId,
          date: '2025-04-03',
          hours: 1.5,
          activity: 'CZECH_PRACTICE',
        },
      };
      given([proposed, accepted, logged]).when(approve).then([approvedEvent]);
      expect(approvedHours(fold(matchDecider, [proposed, accepted, logged]))).toBe(0);
      expect(approvedHours(fold(matchDecider, [proposed, accepted, logged, approvedEvent]))).toBe(1.5);
    });
    it('declines a logged meeting with or without a reason', () => {
      given([proposed, accepted, logged])
        .when(declineMeeting('NOT_PROGRAM_ACTIVITY'))
        .then([
          {
            type: 'MeetingDeclined',
            data: {
              meetingId: 'meeting-1',
              by: 'coordinator-1',
              reasonCode: 'NOT_PROGRAM_ACTIVITY',
              declinedAt: now,
            },
          },
        ]);
      given([proposed, accepted, logged])
        .when(declineMeeting())
        .then([
          { type: 'MeetingDeclined', data: { meetingId: 'meeting-1', by: 'coordinator-1', declinedAt: now } },
        ]);
    });
    it('rejects deciding a meeting twice', () => {
      const decided = given([proposed, accepted, logged]).when(approve).events();
      given([proposed, accepted, logged, ...decided])
        .when(approve)
        .then('MEETING.ALREADY_DECIDED');
      given([proposed, accepted, logged, ...decided])
        .when(declineMeeting())
        .then('MEETING.ALREADY_DECIDED');
    });
    it('rejects an unknown meeting', () => {
      given([proposed, accepted]).when(approve).then('MEETING.NOT_FOUND');
      given([proposed, accepted]).when(declineMeeting()).then('MEETING.NOT_FOUND');
    });
    it('rejects an unknown match', () => {
      given([]).when(approve).then('MATCH.NOT_FOUND');
    });
  });
});
