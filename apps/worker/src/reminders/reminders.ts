import { addMonths } from '@app/domain/certificates';
import { addDays, daysBetween } from '@app/domain';
import { quietSince } from '@app/read-models/matching';

export const REMINDER_CODES = [
  'CONSENT_EXPIRING',
  'INSURANCE_EXPIRING',
  'NO_MEETING_14_DAYS',
  'NO_MEETING_30_DAYS',
  'SUPERVISION_OVERDUE',
] as const;
export type ReminderCode = (typeof REMINDER_CODES)[number];

/** Ids and codes only: the dashboard looks the people up through the usual access rules. */
export interface Reminder {
  readonly id: string;
  readonly code: ReminderCode;
  readonly subjectType: 'CLIENT' | 'VOLUNTEER' | 'MATCH';
  readonly subjectId: string;
  /** The consent id or insurance policy reference the reminder is about, when there is one. */
  readonly relatedId: string | null;
  readonly regions: readonly string[];
  /** The day the thing expires or fell due. */
  readonly dueOn: string;
}

export interface ClientFacts {
  readonly clientId: string;
  readonly region: string;
  readonly status: string;
  readonly erased: boolean;
  readonly consents: readonly { consentId: string; expiresOn: string | null; withdrawnOn: string | null }[];
}

export interface VolunteerFacts {
  readonly volunteerId: string;
  readonly status: string;
  readonly regions: readonly string[];
  readonly activatedOn: string | null;
  readonly insurance: readonly { policyRef: string; from: string; to: string }[];
  readonly supervisions: readonly { date: string }[];
}

export interface MatchFacts {
  readonly matchId: string;
  readonly volunteerId: string;
  readonly clientId: string;
  readonly status: string;
  readonly acceptedOn: string | null;
  readonly lastMeetingOn: string | null;
  readonly resumedOn?: string | null;
}

export const EXPIRY_HORIZON_DAYS = 30;
export const SUPERVISIONS_PER_YEAR = 4;

/** Consents in force that end within the next 30 days (the last day counts). */
export function consentReminders(clients: readonly ClientFacts[], today: string): Reminder[] {
  const horizon = addDays(today, EXPIRY_HORIZON_DAYS);
  return clients
    .filter((client) => client.status !== 'DEPARTED' && !client.erased)
    .flatMap((client) =>
      client.consents
        .filter((consent) => consent.withdrawnOn === null && consent.expiresOn !== null)
        .filter(
          (consent) => (consent.expiresOn as string) >= today && (consent.expiresOn as string) <= horizon,
        )
        .map((consent) => ({
          id: `CONSENT_EXPIRING:${client.clientId}:${consent.consentId}`,
          code: 'CONSENT_EXPIRING' as const,
          subjectType: 'CLIENT' as const,
          subjectId: client.clientId,
          relatedId: consent.consentId,
          regions: [client.region],
          dueOn: consent.expiresOn as string,
        })),
    );
}

const serving = (volunteer: VolunteerFacts): boolean =>
  volunteer.status === 'ACTIVE' || volunteer.status === 'PAUSED';

/** Insurance in force that ends within 30 days with no policy arranged to follow it. */
export function insuranceReminders(volunteers: readonly VolunteerFacts[], today: string): Reminder[] {
  const horizon = addDays(today, EXPIRY_HORIZON_DAYS);
  return volunteers.filter(serving).flatMap((volunteer) => {
    const inForce = volunteer.insurance.filter((policy) => policy.from <= today && today <= policy.to);
    const coverEnds = inForce
      .map((policy) => policy.to)
      .sort()
      .at(-1);
    if (coverEnds === undefined || coverEnds > horizon) return [];
    const followedUp = volunteer.insurance.some(
      (policy) => policy.from <= addDays(coverEnds, 1) && policy.to > coverEnds,
    );
    if (followedUp) return [];
    const ending = inForce.find((policy) => policy.to === coverEnds);
    return [
      {
        id: `INSURANCE_EXPIRING:${volunteer.volunteerId}`,
        code: 'INSURANCE_EXPIRING' as const,
        subjectType: 'VOLUNTEER' as const,
        subjectId: volunteer.volunteerId,
        relatedId: ending?.policyRef ?? null,
        regions: [...volunteer.regions],
        dueOn: coverEnds,
      },
    ];
  });
}

/** Active matches without a meeting for 14 days, or for 30 (one reminder per match, the stronger one). */
export function meetingReminders(
  matches: readonly MatchFacts[],
  /** The client's region, or the volunteer's regions when the client is not known (yet) to the read model. */
  regionsOf: (match: MatchFacts) => readonly string[],
  today: string,
): Reminder[] {
  return matches
    .filter((match) => match.status === 'ACTIVE')
    .flatMap((match) => {
      const since = quietSince(match);
      if (since === null) return [];
      const days = daysBetween(since, today);
      const code: ReminderCode | null =
        days >= 30 ? 'NO_MEETING_30_DAYS' : days >= 14 ? 'NO_MEETING_14_DAYS' : null;
      if (code === null) return [];
      return [
        {
          id: `NO_MEETING:${match.matchId}`,
          code,
          subjectType: 'MATCH' as const,
          subjectId: match.matchId,
          relatedId: null,
          regions: [...regionsOf(match)],
          dueOn: addDays(since, code === 'NO_MEETING_30_DAYS' ? 30 : 14),
        },
      ];
    });
}

/**
 * Fewer than four supervisions in the last twelve months, for volunteers active at least that long (someone
 * activated last month cannot have attended four yet).
 */
export function supervisionReminders(volunteers: readonly VolunteerFacts[], today: string): Reminder[] {
  const windowStart = addMonths(today, -12);
  return volunteers
    .filter(
      (volunteer) =>
        volunteer.status === 'ACTIVE' &&
        volunteer.activatedOn !== null &&
        volunteer.activatedOn <= windowStart,
    )
    .filter(
      (volunteer) =>
        volunteer.supervisions.filter(
          (supervision) => supervision.date > windowStart && supervision.date <= today,
        ).length < SUPERVISIONS_PER_YEAR,
    )
    .map((volunteer) => ({
      id: `SUPERVISION_OVERDUE:${volunteer.volunteerId}`,
      code: 'SUPERVISION_OVERDUE' as const,
      subjectType: 'VOLUNTEER' as const,
      subjectId: volunteer.volunteerId,
      relatedId: null,
      regions: [...volunteer.regions],
      dueOn: today,
    }));
}
