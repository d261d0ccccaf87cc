import type { RecordedEvent } from '@app/event-store';
import { reactorJobId, type JobRequest, type Reactor } from '@app/jobs';

export const EVALUATE_CERTIFICATE_JOB = 'evaluate-certificate';

/** Retries with backoff: a conflict storm or a store hiccup must not lose an evaluation. */
export const EVALUATE_CERTIFICATE_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delayMs: 200 },
} as const;

/** Volunteer events after which the policy may newly be met (a course, an agreement, a supervision…). */
const VOLUNTEER_EVENTS = [
  'IntroductoryCourseCompleted',
  'VolunteerAgreementSigned',
  'VolunteerActivated',
  'VolunteerResumed',
  'VolunteerLeft',
  'SupervisionAttended',
] as const;

const VOLUNTEER_PREFIX = 'volunteer-';
const MATCH_PREFIX = 'match-';

/** `matchId`: the match whose event triggered the evaluation, in case the `matches` read model lags behind. */
export type EvaluateCertificatePayload =
  { readonly volunteerId: string } | { readonly volunteerId: string; readonly matchId: string };

function request(event: RecordedEvent, volunteerId: string, matchId?: string): JobRequest {
  return {
    name: EVALUATE_CERTIFICATE_JOB,
    payload: matchId === undefined ? { volunteerId } : { volunteerId, matchId },
    jobId: reactorJobId(EVALUATE_CERTIFICATE_JOB, volunteerId, event.position),
    options: EVALUATE_CERTIFICATE_OPTIONS,
  };
}

/**
 * Asks for an evaluation on every event that can make a volunteer eligible. An approved meeting carries the
 * volunteer's id, so no lookup is needed; events that can only take eligibility away (a declined meeting)
 * trigger nothing, since there is nothing to issue. Payloads carry ids only.
 */
export const certificateReactor: Reactor = {
  name: 'certificates',
  filter: { eventTypes: [...VOLUNTEER_EVENTS, 'MeetingApproved'] },
  react(event) {
    if (event.type === 'MeetingApproved') {
      const volunteerId = event.data.volunteerId;
      if (typeof volunteerId !== 'string' || !event.streamId.startsWith(MATCH_PREFIX)) return [];
      return [request(event, volunteerId, event.streamId.slice(MATCH_PREFIX.length))];
    }
    if (!(VOLUNTEER_EVENTS as readonly string[]).includes(event.type)) return [];
    if (!event.streamId.startsWith(VOLUNTEER_PREFIX)) return [];
    return [request(event, event.streamId.slice(VOLUNTEER_PREFIX.length))];
  },
};
