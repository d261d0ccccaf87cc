import { dateOf } from '@app/domain';
import type {
  DisclosureRefused,
  InformationDisclosed,
  MatchAccepted,
  MatchDeclined,
  MatchEnded,
  MatchPaused,
  MatchProposed,
  MatchResumed,
  MeetingApproved,
  MeetingDeclined,
  MeetingLogged,
} from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import type { JsonObject } from '../document-store.port';
import { defineProjection } from '../projection';

export type MatchDocumentStatus = 'PROPOSED' | 'ACTIVE' | 'PAUSED' | 'ENDED' | 'DECLINED';
export type MeetingDocumentStatus = 'LOGGED' | 'APPROVED' | 'DECLINED';

export interface MeetingDocument extends JsonObject {
  meetingId: string;
  date: string;
  hours: number;
  activity: string;
  place: string;
  status: MeetingDocumentStatus;
  loggedBy: string;
  loggedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reasonCode: string | null;
}

/** Approved hours of the meetings held in one calendar month (`YYYY-MM`), for "this month / this year" sums. */
export interface MonthlyHours extends JsonObject {
  month: string;
  hours: number;
}

/** The outcome of disclosing the client's contact to the volunteer on acceptance, as recorded on the client's stream. */
export interface ContactDisclosureDocument extends JsonObject {
  disclosureId: string;
  status: 'DISCLOSED' | 'REFUSED';
  at: string;
  consentId: string | null;
  reasonCode: string | null;
  coverageCode: string | null;
}

/**
 * One match. Holds ids, codes, dates and hours only: no personal data, so AUDITORs may read it and erasure
 * leaves it untouched. The client's region is not on MatchProposed, so it is joined from `match_client_regions`.
 */
export interface MatchDocument extends JsonObject {
  matchId: string;
  volunteerId: string;
  clientId: string;
  status: MatchDocumentStatus;
  rationale: string[];
  proposedBy: string;
  proposedAt: string;
  acceptedOn: string | null;
  acceptedAt: string | null;
  declinedAt: string | null;
  declinedBy: string | null;
  endedOn: string | null;
  endedAt: string | null;
  closingReasonCode: string | null;
  pausedAt: string | null;
  /** The day the match was last resumed after a pause, in the program's calendar. */
  resumedOn: string | null;
  meetings: MeetingDocument[];
  approvedHours: number;
  approvedHoursByMonth: MonthlyHours[];
  lastMeetingOn: string | null;
  contactDisclosure: ContactDisclosureDocument | null;
}

const MATCH_EVENTS = [
  'MatchProposed',
  'MatchAccepted',
  'MatchDeclined',
  'MatchPaused',
  'MatchResumed',
  'MatchEnded',
  'MeetingLogged',
  'MeetingApproved',
  'MeetingDeclined',
] as const;
const DISCLOSURE_EVENTS = ['InformationDisclosed', 'DisclosureRefused'] as const;

const MATCH_STREAM_PREFIX = 'match-';

const dataOf = <E extends { readonly data: object }>(event: RecordedEvent): E['data'] => event.data;

/** Last non-declined meeting: a declined one did not count as the pair meeting. */
const lastMeetingOn = (meetings: readonly MeetingDocument[]): string | null =>
  meetings
    .filter((meeting) => meeting.status !== 'DECLINED')
    .reduce<string | null>(
      (latest, meeting) => (latest === null || meeting.date > latest ? meeting.date : latest),
      null,
    );

function approvedHoursByMonth(meetings: readonly MeetingDocument[]): MonthlyHours[] {
  const byMonth = new Map<string, number>();
  for (const meeting of meetings) {
    if (meeting.status !== 'APPROVED') continue;
    const month = meeting.date.slice(0, 7);
    byMonth.set(month, (byMonth.get(month) ?? 0) + meeting.hours);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, hours]) => ({ month, hours }));
}

function withMeetings(document: MatchDocument, meetings: MeetingDocument[]): MatchDocument {
  return {
    ...document,
    meetings,
    approvedHours: meetings
      .filter((meeting) => meeting.status === 'APPROVED')
      .reduce((sum, meeting) => sum + meeting.hours, 0),
    approvedHoursByMonth: approvedHoursByMonth(meetings),
    lastMeetingOn: lastMeetingOn(meetings),
  };
}

function decideMeeting(
  document: MatchDocument,
  meetingId: string,
  status: MeetingDocumentStatus,
  decidedBy: string,
  decidedAt: string,
  reasonCode: string | null,
): MatchDocument {
  return withMeetings(
    document,
    document.meetings.map((meeting) =>
      meeting.meetingId === meetingId ? { ...meeting, status, decidedBy, decidedAt, reasonCode } : meeting,
    ),
  );
}

function proposed(event: RecordedEvent): MatchDocument {
  const data = dataOf<MatchProposed>(event);
  return {
    matchId: data.matchId,
    volunteerId: data.volunteerId,
    clientId: data.clientId,
    status: 'PROPOSED',
    rationale: [...data.rationale],
    proposedBy: data.proposedBy,
    proposedAt: data.proposedAt,
    acceptedOn: null,
    acceptedAt: null,
    declinedAt: null,
    declinedBy: null,
    endedOn: null,
    endedAt: null,
    closingReasonCode: null,
    pausedAt: null,
    resumedOn: null,
    meetings: [],
    approvedHours: 0,
    approvedHoursByMonth: [],
    lastMeetingOn: null,
    contactDisclosure: null,
  };
}

function evolveMatch(document: MatchDocument, event: RecordedEvent): MatchDocument {
  switch (event.type) {
    case 'MatchAccepted': {
      const data = dataOf<MatchAccepted>(event);
      // MatchAccepted has a date only; the command's business time gives the instant.
      return {
        ...document,
        status: 'ACTIVE',
        acceptedOn: data.acceptedOn,
        acceptedAt: event.metadata.occurredAt,
      };
    }
    case 'MatchDeclined': {
      const data = dataOf<MatchDeclined>(event);
      return {
        ...document,
        status: 'DECLINED',
        declinedAt: data.declinedAt,
        declinedBy: data.by,
        closingReasonCode: data.reasonCode,
      };
    }
    case 'MatchPaused':
      return { ...document, status: 'PAUSED', pausedAt: dataOf<MatchPaused>(event).pausedAt };
    case 'MatchResumed':
      return {
        ...document,
        status: 'ACTIVE',
        pausedAt: null,
        resumedOn: dateOf(dataOf<MatchResumed>(event).resumedAt),
      };
    case 'MatchEnded': {
      const data = dataOf<MatchEnded>(event);
      return {
        ...document,
        status: 'ENDED',
        endedOn: data.endedOn,
        endedAt: event.metadata.occurredAt,
        closingReasonCode: data.reasonCode,
      };
    }
    case 'MeetingLogged': {
      const data = dataOf<MeetingLogged>(event);
      return withMeetings(document, [
        ...document.meetings,
        {
          meetingId: data.meetingId,
          date: data.date,
          hours: data.hours,
          activity: data.activity,
          place: data.place,
          status: 'LOGGED',
          loggedBy: data.loggedBy,
          loggedAt: data.loggedAt,
          decidedBy: null,
          decidedAt: null,
          reasonCode: null,
        },
      ]);
    }
    case 'MeetingApproved': {
      const data = dataOf<MeetingApproved>(event);
      return decideMeeting(document, data.meetingId, 'APPROVED', data.by, data.approvedAt, null);
    }
    case 'MeetingDeclined': {
      const data = dataOf<MeetingDeclined>(event);
      return decideMeeting(
        document,
        data.meetingId,
        'DECLINED',
        data.by,
        data.declinedAt,
        data.reasonCode ?? null,
      );
    }
    case 'InformationDisclosed': {
      const data = dataOf<InformationDisclosed>(event);
      return {
        ...document,
        contactDisclosure: {
          disclosureId: data.disclosureId,
          status: 'DISCLOSED',
          at: data.disclosedAt,
          consentId: 'consentId' in data.basis ? data.basis.consentId : null,
          reasonCode: null,
          coverageCode: null,
        },
      };
    }
    case 'DisclosureRefused': {
      const data = dataOf<DisclosureRefused>(event);
      return {
        ...document,
        contactDisclosure: {
          disclosureId: data.disclosureId,
          status: 'REFUSED',
          at: data.refusedAt,
          consentId: null,
          reasonCode: data.reasonCode,
          coverageCode: data.coverageCode,
        },
      };
    }
    default:
      return document;
  }
}

const isContactDisclosure = (event: RecordedEvent): boolean => {
  const categories = event.data.dataCategories;
  return (
    event.data.purpose === 'VOLUNTEER_MATCHING' &&
    Array.isArray(categories) &&
    categories.includes('CONTACT') &&
    typeof event.data.matchId === 'string'
  );
};

/**
 * The day from which an active match has gone without a meeting: its last meeting, or the day it was accepted or
 * last resumed when that is later. A pause is agreed with the coordinator, so its days are not quiet days.
 * Documents written before `resumedOn` existed read as never resumed.
 */
export function quietSince(match: {
  readonly acceptedOn: string | null;
  readonly lastMeetingOn: string | null;
  readonly resumedOn?: string | null;
}): string | null {
  let since: string | null = null;
  for (const day of [match.acceptedOn, match.lastMeetingOn, match.resumedOn ?? null]) {
    if (day !== null && (since === null || day > since)) since = day;
  }
  return since;
}

/**
 * The `matches` read model: one document per match with its meetings and approved hours, plus the outcome of
 * the contact disclosure recorded on the client's stream for that match.
 */
export const matchesProjection = defineProjection<MatchDocument>({
  name: 'matches',
  // 2: documents carry `resumedOn`.
  version: 2,
  handles: [...MATCH_EVENTS, ...DISCLOSURE_EVENTS],
  fields: [
    { name: 'volunteerId', type: 'string' },
    { name: 'clientId', type: 'string' },
    { name: 'status', type: 'string' },
    { name: 'proposedAt', type: 'string' },
    { name: 'lastMeetingOn', type: 'string' },
    { name: 'approvedHours', type: 'number' },
  ],
  documentId: (event) => {
    if ((DISCLOSURE_EVENTS as readonly string[]).includes(event.type)) {
      const matchId = event.data.matchId;
      return isContactDisclosure(event) && typeof matchId === 'string' ? matchId : null;
    }
    return event.streamId.startsWith(MATCH_STREAM_PREFIX)
      ? event.streamId.slice(MATCH_STREAM_PREFIX.length)
      : null;
  },
  evolve: (document, event) => {
    if (event.type === 'MatchProposed') return document ?? proposed(event);
    // A disclosure naming a match this model never saw (or any event before its proposal) changes nothing.
    if (document === null) return null;
    return evolveMatch(document, event);
  },
});
