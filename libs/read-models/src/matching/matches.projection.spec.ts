import type { RecordedEvent } from '@app/event-store';
import { matchClientRegionsProjection } from './match-client-regions.projection';
import { matchesProjection, quietSince, type MatchDocument } from './matches.projection';

const matchId = '0190a000-0000-7000-8000-000000000001';
const volunteerId = '0190a000-0000-7000-8000-000000000002';
const clientId = '0190a000-0000-7000-8000-000000000003';

let position = 0n;
const recorded = (
  streamId: string,
  type: string,
  data: Record<string, unknown>,
  occurredAt = '2026-03-01T10:00:00.000Z',
): RecordedEvent => {
  position += 1n;
  return {
    streamId,
    revision: Number(position),
    position,
    eventId: `event-${position}`,
    type,
    data: data as RecordedEvent['data'],
    metadata: {
      commandId: `command-${position}`,
      correlationId: 'correlation',
      causationId: null,
      actor: { id: 'coordinator-1', role: 'COORDINATOR' },
      occurredAt,
      schemaVersion: 1,
      prevHash: '',
      hash: '',
    },
    recordedAt: occurredAt,
  };
};

const onMatch = (type: string, data: Record<string, unknown>, occurredAt?: string) =>
  recorded(`match-${matchId}`, type, data, occurredAt);

/** Applies events as the runner does: routed by documentId, unhandled types skipped. */
function project(events: readonly RecordedEvent[]): Map<string, MatchDocument> {
  const documents = new Map<string, MatchDocument>();
  for (const event of events) {
    if (!matchesProjection.handles.includes(event.type)) continue;
    const id = matchesProjection.documentId(event);
    if (id === null) continue;
    const next = matchesProjection.evolve(documents.get(id) ?? null, event);
    if (next === null) documents.delete(id);
    else documents.set(id, next);
  }
  return documents;
}

const proposal = onMatch('MatchProposed', {
  matchId,
  volunteerId,
  clientId,
  proposedBy: 'coordinator-1',
  rationale: ['REGION', 'LANGUAGE'],
  proposedAt: '2026-03-01T09:00:00.000Z',
});
const acceptance = onMatch(
  'MatchAccepted',
  { acceptedOn: '2026-03-02', volunteerId, clientId },
  '2026-03-02T08:00:00.000Z',
);
const meeting = (meetingId: string, date: string, hours: number) =>
  onMatch('MeetingLogged', {
    meetingId,
    date,
    hours,
    activity: 'CZECH_PRACTICE',
    place: 'OUTSIDE',
    loggedBy: 'coordinator-1',
    loggedAt: `${date}T20:00:00.000Z`,
  });
const approval = (meetingId: string, date: string, hours: number) =>
  onMatch('MeetingApproved', {
    meetingId,
    by: 'coordinator-1',
    approvedAt: '2026-04-20T10:00:00.000Z',
    volunteerId,
    date,
    hours,
    activity: 'CZECH_PRACTICE',
  });

describe('matches projection', () => {
  it('given a proposal, then a PROPOSED match with its parties and rationale and no hours', () => {
    const document = project([proposal]).get(matchId);
    expect(document).toMatchObject({
      matchId,
      volunteerId,
      clientId,
      status: 'PROPOSED',
      rationale: ['REGION', 'LANGUAGE'],
      proposedAt: '2026-03-01T09:00:00.000Z',
      acceptedOn: null,
      meetings: [],
      approvedHours: 0,
      lastMeetingOn: null,
      contactDisclosure: null,
    });
  });

  it('given acceptance, then ACTIVE with the acceptance date and the instant of the command', () => {
    expect(project([proposal, acceptance]).get(matchId)).toMatchObject({
      status: 'ACTIVE',
      acceptedOn: '2026-03-02',
      acceptedAt: '2026-03-02T08:00:00.000Z',
    });
  });

  it('counts hours only once approved, per month of the meeting, and tracks the last meeting', () => {
    const document = project([
      proposal,
      acceptance,
      meeting('m1', '2026-03-10', 1.5),
      meeting('m2', '2026-04-02', 2),
      meeting('m3', '2026-04-15', 3.25),
      meeting('m4', '2026-04-18', 4),
      approval('m1', '2026-03-10', 1.5),
      approval('m2', '2026-04-02', 2),
      onMatch('MeetingDeclined', {
        meetingId: 'm4',
        by: 'coordinator-1',
        reasonCode: 'NOT_HELD',
        declinedAt: '2026-04-20T10:00:00.000Z',
      }),
    ]).get(matchId);
    expect(document?.approvedHours).toBe(3.5);
    expect(document?.approvedHoursByMonth).toEqual([
      { month: '2026-03', hours: 1.5 },
      { month: '2026-04', hours: 2 },
    ]);
    // m4 was declined, so the last meeting is m3, still awaiting a decision.
    expect(document?.lastMeetingOn).toBe('2026-04-15');
    expect(document?.meetings.map((entry) => [entry.meetingId, entry.status])).toEqual([
      ['m1', 'APPROVED'],
      ['m2', 'APPROVED'],
      ['m3', 'LOGGED'],
      ['m4', 'DECLINED'],
    ]);
    expect(document?.meetings[3]).toMatchObject({ decidedBy: 'coordinator-1', reasonCode: 'NOT_HELD' });
  });

  it('follows pause, resume and end', () => {
    const paused = onMatch('MatchPaused', { reasonCode: 'HOLIDAY', pausedAt: '2026-03-05T00:00:00.000Z' });
    // 23:30 UTC on 5 March is 00:30 on 6 March in Prague, the day of resumption.
    const resumed = onMatch('MatchResumed', { reasonCode: 'BACK', resumedAt: '2026-03-05T23:30:00.000Z' });
    const ended = onMatch(
      'MatchEnded',
      { reasonCode: 'GOAL_REACHED', endedOn: '2026-03-07', volunteerId },
      '2026-03-07T12:00:00.000Z',
    );
    expect(project([proposal, acceptance, paused]).get(matchId)).toMatchObject({
      status: 'PAUSED',
      pausedAt: '2026-03-05T00:00:00.000Z',
    });
    expect(project([proposal, acceptance, paused, resumed]).get(matchId)).toMatchObject({
      status: 'ACTIVE',
      pausedAt: null,
      resumedOn: '2026-03-06',
    });
    expect(project([proposal, acceptance, paused, resumed, ended]).get(matchId)).toMatchObject({
      status: 'ENDED',
      endedOn: '2026-03-07',
      endedAt: '2026-03-07T12:00:00.000Z',
      closingReasonCode: 'GOAL_REACHED',
    });
  });

  it('counts quiet days from the last meeting, acceptance or resumption, whichever is latest', () => {
    expect(quietSince({ acceptedOn: '2026-01-10', lastMeetingOn: null, resumedOn: null })).toBe('2026-01-10');
    expect(quietSince({ acceptedOn: '2026-01-10', lastMeetingOn: '2026-02-01', resumedOn: null })).toBe(
      '2026-02-01',
    );
    expect(
      quietSince({ acceptedOn: '2026-01-10', lastMeetingOn: '2026-02-01', resumedOn: '2026-03-06' }),
    ).toBe('2026-03-06');
    expect(
      quietSince({ acceptedOn: '2026-01-10', lastMeetingOn: '2026-03-08', resumedOn: '2026-03-06' }),
    ).toBe('2026-03-08');
    // A document written before `resumedOn` existed.
    expect(quietSince({ acceptedOn: '2026-01-10', lastMeetingOn: null })).toBe('2026-01-10');
    expect(quietSince({ acceptedOn: null, lastMeetingOn: null, resumedOn: null })).toBeNull();
  });

  it('given a decline, then DECLINED by whom and why', () => {
    const declined = onMatch('MatchDeclined', {
      by: 'CLIENT',
      reasonCode: 'NO_TIME',
      declinedAt: '2026-03-02T00:00:00.000Z',
    });
    expect(project([proposal, declined]).get(matchId)).toMatchObject({
      status: 'DECLINED',
      declinedBy: 'CLIENT',
      closingReasonCode: 'NO_TIME',
    });
  });

  describe('contact disclosure recorded on the client stream', () => {
    const disclosure = {
      disclosureId: 'd1',
      recipient: volunteerId,
      purpose: 'VOLUNTEER_MATCHING',
      dataCategories: ['CONTACT'],
      matchId,
    };

    it('given InformationDisclosed for the match, then DISCLOSED with the covering consent', () => {
      const disclosed = recorded(`client-${clientId}`, 'InformationDisclosed', {
        ...disclosure,
        basis: { consentId: 'consent-1' },
        disclosedBy: 'coordinator-1',
        disclosedAt: '2026-03-02T08:00:00.000Z',
      });
      expect(project([proposal, acceptance, disclosed]).get(matchId)?.contactDisclosure).toEqual({
        disclosureId: 'd1',
        status: 'DISCLOSED',
        at: '2026-03-02T08:00:00.000Z',
        consentId: 'consent-1',
        reasonCode: null,
        coverageCode: null,
      });
    });

    it('given DisclosureRefused for the match, then REFUSED with its codes', () => {
      const refused = recorded(`client-${clientId}`, 'DisclosureRefused', {
        ...disclosure,
        reasonCode: 'CONSENT.NOT_IN_FORCE',
        coverageCode: 'CONSENT.WITHDRAWN',
        requestedBy: 'coordinator-1',
        refusedAt: '2026-03-02T08:00:00.000Z',
      });
      expect(project([proposal, acceptance, refused]).get(matchId)?.contactDisclosure).toMatchObject({
        status: 'REFUSED',
        reasonCode: 'CONSENT.NOT_IN_FORCE',
        coverageCode: 'CONSENT.WITHDRAWN',
      });
    });

    it('ignores disclosures unrelated to a match or to contact, and ones for unknown matches', () => {
      const unrelated = recorded(`client-${clientId}`, 'InformationDisclosed', {
        disclosureId: 'd2',
        recipient: 'org-1',
        purpose: 'CASE_MANAGEMENT',
        dataCategories: ['CONTACT'],
        basis: { legalObligation: 'Act 1/2000' },
        disclosedBy: 'coordinator-1',
        disclosedAt: '2026-03-02T08:00:00.000Z',
      });
      expect(matchesProjection.documentId(unrelated)).toBeNull();
      const unknownMatch = recorded(`client-${clientId}`, 'InformationDisclosed', {
        ...disclosure,
        matchId: 'other-match',
        basis: { consentId: 'consent-1' },
        disclosedBy: 'coordinator-1',
        disclosedAt: '2026-03-02T08:00:00.000Z',
      });
      expect(project([unknownMatch]).size).toBe(0);
    });
  });

  it('keeps no personal data: names of the fields it stores are ids, codes, dates and hours', () => {
    const document = project([proposal, acceptance, meeting('m1', '2026-03-10', 1)]).get(matchId);
    expect(JSON.stringify(document)).not.toMatch(/name|email|phone|dateOfBirth|contact"/i);
  });
});

describe('match_client_regions projection', () => {
  it('given a registered client, then their region under the client id', () => {
    const registered = recorded(`client-${clientId}`, 'ClientRegistered', {
      clientId,
      region: 'LIBEREC',
      name: '[sealed]',
    });
    expect(matchClientRegionsProjection.documentId(registered)).toBe(clientId);
    expect(matchClientRegionsProjection.evolve(null, registered)).toEqual({ clientId, region: 'LIBEREC' });
  });
});
