import type { EventStore, EventToAppend, JsonObject, RecordedEvent } from '@app/event-store';
import { addMonths } from '@app/domain/certificates';
import type { MatchIdsOf } from '../certificate-issuer';

const metadata = (occurredAt: string): EventToAppend['metadata'] => ({
  commandId: `seed-${Math.random().toString(36).slice(2)}`,
  correlationId: 'seed',
  causationId: null,
  actor: { id: 'seed', role: 'ADMIN' },
  occurredAt,
  schemaVersion: 1,
});

const event = (type: string, data: Record<string, unknown>, at: string): EventToAppend => ({
  type,
  data: data as JsonObject,
  metadata: metadata(at),
});

export interface SeedOptions {
  /** Day the evaluation will run; the first meeting is seven months earlier. */
  readonly today: string;
  readonly name?: string;
  readonly hoursPerMeeting?: number;
  readonly meetings?: number;
  readonly supervisions?: number;
}

/**
 * A volunteer who meets the default policy on `today`: course, agreement, two supervisions and a match with
 * ten approved four-hour meetings, the first seven months earlier. Events only, no commands, as a replay would see them.
 */
export async function seedEligibleVolunteer(
  store: EventStore,
  volunteerId: string,
  options: SeedOptions,
): Promise<string> {
  const start = addMonths(options.today, -7);
  const at = `${start}T09:00:00.000Z`;
  await store.append(`volunteer-${volunteerId}`, 'no_stream', [
    event(
      'VolunteerRegistered',
      {
        volunteerId,
        name: options.name ?? 'Řehoř Žlutý',
        email: 'volunteer@example.org',
        phone: '+420 600 000 000',
        dateOfBirth: '1990-04-01',
        languages: ['cs', 'uk'],
        regions: ['PRAGUE'],
        availability: [],
        interests: ['CZECH_PRACTICE'],
        registeredAt: at,
      },
      at,
    ),
    event('VolunteerTrainingStarted', { startedOn: start }, at),
    event('IntroductoryCourseCompleted', { courseId: 'course-1', completedOn: start }, at),
    event('VolunteerAgreementSigned', { agreementId: `agr-${volunteerId}`, signedOn: start }, at),
    event(
      'InsuranceArranged',
      { policyRef: `ins-${volunteerId}`, from: start, to: addMonths(options.today, 12) },
      at,
    ),
    event('VolunteerActivated', { activatedOn: start }, at),
    ...Array.from({ length: options.supervisions ?? 2 }, (_, index) =>
      event(
        'SupervisionAttended',
        { sessionId: `sup-${volunteerId}-${index}`, date: addMonths(start, index + 1) },
        at,
      ),
    ),
  ]);
  const matchId = `m-${volunteerId}`;
  const meetings = options.meetings ?? 10;
  const hours = options.hoursPerMeeting ?? 4;
  await store.append(`match-${matchId}`, 'no_stream', [
    event(
      'MatchProposed',
      {
        matchId,
        volunteerId,
        clientId: `c-${volunteerId}`,
        proposedBy: 'coordinator-1',
        rationale: ['REGION'],
        proposedAt: at,
      },
      at,
    ),
    event('MatchAccepted', { acceptedOn: start, volunteerId, clientId: `c-${volunteerId}` }, at),
    ...Array.from({ length: meetings }, (_, index) => {
      const date = addMonths(start, Math.floor((index * 6) / meetings));
      const meetingId = `meeting-${volunteerId}-${index}`;
      return [
        event(
          'MeetingLogged',
          {
            meetingId,
            date,
            hours,
            activity: 'CZECH_PRACTICE',
            place: 'OUTSIDE',
            loggedBy: 'coordinator-1',
            loggedAt: at,
          },
          at,
        ),
        event(
          'MeetingApproved',
          {
            meetingId,
            by: 'coordinator-1',
            approvedAt: at,
            volunteerId,
            date,
            hours,
            activity: 'CZECH_PRACTICE',
          },
          at,
        ),
      ];
    }).flat(),
  ]);
  return matchId;
}

/** Finds a volunteer's matches by scanning MatchProposed events: for tests without read models. */
export function matchIdsFromEventStore(store: EventStore): MatchIdsOf {
  return async (volunteerId) => {
    const ids: string[] = [];
    let after: bigint | undefined;
    for (;;) {
      const page = await store.readAll({
        ...(after === undefined ? {} : { after }),
        maxCount: 1000,
        filter: { eventTypes: ['MatchProposed'] },
      });
      for (const proposed of page)
        if (proposed.data.volunteerId === volunteerId) ids.push(proposed.data.matchId as string);
      const last = page.at(-1);
      if (last === undefined || page.length < 1000) return ids;
      after = last.position;
    }
  };
}

export async function issuedCertificates(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({
      ...(after === undefined ? {} : { after }),
      maxCount: 1000,
      filter: { eventTypes: ['CertificateIssued'] },
    });
    events.push(...page);
    const last = page.at(-1);
    if (last === undefined || page.length < 1000) return events;
    after = last.position;
  }
}
