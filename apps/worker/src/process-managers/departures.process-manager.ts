import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import {
  clientStreamId,
  fold,
  lastMeetingOn,
  matchDecider,
  matchStreamId,
  onClientDeparted,
  onVolunteerLeft,
  volunteerStreamId,
  type ClientDeparted,
  type EndMatch,
  type Instant,
  type MatchEvent,
  type OpenMatchOfDepartedParty,
  type VolunteerLeft,
} from '@app/domain';
import { handleCommand, toDomainEvent, type RecordedEvent } from '@app/event-store';
import {
  reactorJobId,
  startReactor,
  type EnqueueOptions,
  type JobContext,
  type Reactor,
  type RunningReactor,
} from '@app/jobs';
import { FIND_ALL_PAGE_SIZE, findAll } from '@app/read-models';
import type { MatchDocument } from '@app/read-models/matching';
import { newId, type Clock, type Logger, type Metrics } from '@app/platform';
import { countingFailures } from '../runtime/job-outcomes';
import { documentStoreCheckpoints } from '../runtime/reactor-checkpoints';
import type { Runtime } from '../runtime/runtime';
import { dailySweepSchedule } from '../runtime/daily-sweep-schedule';

export const END_MATCHES_OF_DEPARTED_VOLUNTEER = 'end-matches-of-departed-volunteer';
export const DEPARTED_VOLUNTEERS_SWEEP = 'departed-volunteers-sweep';
export const END_MATCHES_OF_DEPARTED_CLIENT = 'end-matches-of-departed-client';
export const DEPARTED_CLIENTS_SWEEP = 'departed-clients-sweep';

const OPEN_STATUSES = ['PROPOSED', 'ACTIVE', 'PAUSED'];
const COMMAND_NAMESPACE = '0d6a3f5e-2c1b-4e8f-9a7d-5b3c2e1f0a94';

const END_MATCHES_OPTIONS: Omit<EnqueueOptions, 'jobId'> = {
  attempts: 8,
  backoff: { type: 'exponential', delayMs: 1_000 },
};

/**
 * A job's payload: ids only, the processor reads everything else from the store. The party's id is under its
 * match field (`volunteerId` or `clientId`), the shape a volunteer's job has always had in the queue.
 */
type DepartureJob = { readonly eventId: string } & Partial<Record<'volunteerId' | 'clientId', string>>;

const departureJob = (party: DepartingParty, partyId: string, eventId: string): DepartureJob => ({
  [party.matchField]: partyId,
  eventId,
});

/**
 * One kind of party whose leaving ends their matches: a volunteer (`VolunteerLeft`) or a client
 * (`ClientDeparted`). Both are handled alike: a reactor queues a job per departure, the job ends the party's
 * open matches, and a daily sweep asks again for departures whose matches are still open.
 */
interface DepartingParty {
  readonly reactorName: string;
  readonly eventType: 'VolunteerLeft' | 'ClientDeparted';
  readonly streamIdOf: (partyId: string) => string;
  /** The read model listing the party, and the status it has once departed. */
  readonly collection: 'volunteers' | 'clients';
  readonly departedStatus: string;
  /** The party's field on a match document. */
  readonly matchField: 'volunteerId' | 'clientId';
  readonly endMatchesJob: string;
  readonly sweepJob: string;
  readonly sweepLogMessage: string;
  readonly sweepNotEnqueuedMessage: string;
  readonly reactorResubscribesMessage: string;
  readonly actor: { readonly id: string; readonly role: 'SYSTEM' };
  readonly endMatches: (
    departure: RecordedEvent,
    openMatches: readonly OpenMatchOfDepartedParty[],
    now: Instant,
  ) => EndMatch[];
}

export const DEPARTING_VOLUNTEER: DepartingParty = {
  reactorName: 'volunteer_left',
  eventType: 'VolunteerLeft',
  streamIdOf: volunteerStreamId,
  collection: 'volunteers',
  departedStatus: 'LEFT',
  matchField: 'volunteerId',
  endMatchesJob: END_MATCHES_OF_DEPARTED_VOLUNTEER,
  sweepJob: DEPARTED_VOLUNTEERS_SWEEP,
  sweepLogMessage: 'departed volunteers with open matches asked again',
  sweepNotEnqueuedMessage: 'departed volunteers sweep at start not enqueued',
  reactorResubscribesMessage: 'volunteer-left reactor will resubscribe',
  actor: { id: 'process-manager:volunteer-left', role: 'SYSTEM' },
  endMatches: (departure, open, now) => onVolunteerLeft(toDomainEvent<VolunteerLeft>(departure), open, now),
};

export const DEPARTING_CLIENT: DepartingParty = {
  reactorName: 'client_departed',
  eventType: 'ClientDeparted',
  streamIdOf: clientStreamId,
  collection: 'clients',
  departedStatus: 'DEPARTED',
  matchField: 'clientId',
  endMatchesJob: END_MATCHES_OF_DEPARTED_CLIENT,
  sweepJob: DEPARTED_CLIENTS_SWEEP,
  sweepLogMessage: 'departed clients with open matches asked again',
  sweepNotEnqueuedMessage: 'departed clients sweep at start not enqueued',
  reactorResubscribesMessage: 'client-departed reactor will resubscribe',
  actor: { id: 'process-manager:client-departed', role: 'SYSTEM' },
  endMatches: (departure, open, now) => onClientDeparted(toDomainEvent<ClientDeparted>(departure), open, now),
};

export const DEPARTING_PARTIES: readonly DepartingParty[] = [DEPARTING_VOLUNTEER, DEPARTING_CLIENT];

/** A party who leaves has every open match ended (a proposed one declined), never silently dropped. */
export const departureReactor = (party: DepartingParty): Reactor => ({
  name: party.reactorName,
  filter: { eventTypes: [party.eventType] },
  react: (event) => [
    {
      name: party.endMatchesJob,
      payload: departureJob(party, event.streamId.slice(party.streamIdOf('').length), event.eventId),
      options: END_MATCHES_OPTIONS,
    },
  ],
});

/**
 * Asks again to end the open matches of every party of this kind who has left. A departure's job is first
 * asked for under the id the reactor gave it, so a job still queued is not doubled, and one that failed on
 * every attempt is retried: the reactor's checkpoint moves on once the job is queued, and a job lost after
 * that (an in-process queue that stopped, Redis losing its last second) or failed for good would otherwise
 * leave the matches open. When that job has completed, a follow-up job is asked for under an id naming the
 * open matches found: it covers a match the first job could not see (a proposal that raced the departure).
 * Its commands are the first job's (their ids derive from the departure and the match), so none is recorded
 * twice. Returns how many parties' jobs were asked for.
 */
export async function sweepDepartures(runtime: Runtime, party: DepartingParty): Promise<number> {
  const parties = await runtime.collection(party.collection);
  const matches = await runtime.collection('matches');
  const departed: string[] = [];
  for await (const document of findAll(runtime.documents, parties, {
    filter: { status: party.departedStatus },
  }))
    departed.push(document.id);
  const openMatchesByParty = new Map<string, string[]>();
  // The `$in` list is chunked to keep each query bounded.
  for (let start = 0; start < departed.length; start += FIND_ALL_PAGE_SIZE) {
    for await (const match of findAll<MatchDocument>(runtime.documents, matches, {
      filter: {
        [party.matchField]: { $in: departed.slice(start, start + FIND_ALL_PAGE_SIZE) },
        status: { $in: OPEN_STATUSES },
      },
    })) {
      const partyId = match.data[party.matchField];
      openMatchesByParty.set(partyId, [...(openMatchesByParty.get(partyId) ?? []), match.id]);
    }
  }

  let requested = 0;
  for (const [partyId, openMatchIds] of openMatchesByParty) {
    const streamId = party.streamIdOf(partyId);
    const departure = (await runtime.eventStore.readStream(streamId))
      .filter((event) => event.type === party.eventType)
      .at(-1);
    if (departure === undefined) continue;
    const payload = departureJob(party, partyId, departure.eventId);
    const firstJobId = reactorJobId(party.endMatchesJob, streamId, departure.position);
    if (await enqueueOrRetry(runtime, party, payload, firstJobId)) {
      requested += 1;
      continue;
    }
    // A first job still waiting or running will see these matches itself.
    if ((await runtime.jobs.stateOf(party.endMatchesJob, firstJobId)) !== 'completed') continue;
    const followUpJobId = `${firstJobId}:open:${digestOf(openMatchIds)}`;
    if (await enqueueOrRetry(runtime, party, payload, followUpJobId)) requested += 1;
  }
  return requested;
}

/** Queues the job under `jobId`, or starts it over when a job of that id failed for good; false otherwise. */
async function enqueueOrRetry(
  runtime: Runtime,
  party: DepartingParty,
  payload: DepartureJob,
  jobId: string,
): Promise<boolean> {
  const { status } = await runtime.jobs.enqueue(party.endMatchesJob, payload, {
    ...END_MATCHES_OPTIONS,
    jobId,
  });
  return status === 'enqueued' || (await runtime.jobs.retryFailed(jobId));
}

/** A short, order-free name for a set of match ids, fit for a job id. */
const digestOf = (matchIds: readonly string[]): string =>
  createHash('sha256')
    .update([...matchIds].sort().join(','))
    .digest('hex')
    .slice(0, 32);

/**
 * The party's open matches: found in the `matches` read model once it has seen the departure, each then read
 * from its own stream, which says whether it is still open, when it was accepted and when its last meeting was.
 * A read model lagging behind a meeting logged since would have the match ended before that meeting and
 * refused (`MATCH.END_BEFORE_LAST_MEETING`) on every retry until it caught up.
 */
async function openMatchesOf(
  runtime: Runtime,
  party: DepartingParty,
  partyId: string,
  seenAt: bigint,
): Promise<OpenMatchOfDepartedParty[]> {
  await runtime.waitFor(seenAt, ['matches'], 30_000);
  const collection = await runtime.collection('matches');
  const candidates: string[] = [];
  for await (const match of findAll<MatchDocument>(runtime.documents, collection, {
    filter: { [party.matchField]: partyId, status: { $in: OPEN_STATUSES } },
  }))
    candidates.push(match.id);
  const open: OpenMatchOfDepartedParty[] = [];
  for (const matchId of candidates) {
    const history = await runtime.eventStore.readStream(matchStreamId(matchId));
    const state = fold(matchDecider, history.map(toDomainEvent<MatchEvent>));
    if (!OPEN_STATUSES.includes(state.status)) continue;
    open.push({ matchId, acceptedOn: state.acceptedOn ?? null, lastMeetingOn: lastMeetingOn(state) });
  }
  return open;
}

export async function endMatchesOfDeparture(
  runtime: Runtime,
  party: DepartingParty,
  clock: Clock,
  job: JobContext<DepartureJob>,
): Promise<void> {
  const { eventId } = job.payload;
  const partyId = job.payload[party.matchField];
  if (partyId === undefined) return;
  const history = await runtime.eventStore.readStream(party.streamIdOf(partyId));
  const recorded = history.find((event) => event.eventId === eventId && event.type === party.eventType);
  if (recorded === undefined) return;
  const now = clock.now().toISOString();
  const open = await openMatchesOf(runtime, party, partyId, recorded.position);
  for (const command of party.endMatches(recorded, open, now)) {
    const outcome = await handleCommand(
      runtime.eventStore,
      matchStreamId(command.data.matchId),
      matchDecider,
      command,
      {
        // Derived from the departure and the match, so a retried job re-sends the same command and appends nothing new.
        commandId: uuidv5(`EndMatch:${eventId}:${command.data.matchId}`, COMMAND_NAMESPACE),
        correlationId: recorded.metadata.correlationId,
        causationId: recorded.eventId,
        actor: party.actor,
        occurredAt: now,
      },
    );
    // A match that ended meanwhile needs nothing more; any other refusal is worth a retry and a look (the
    // retry reads the open matches again: one accepted meanwhile is ended, not declined).
    if (!outcome.ok && outcome.rejection.code !== 'MATCH.CLOSED') {
      throw new Error(`ending match after a departure was refused: ${outcome.rejection.code}`);
    }
  }
}

/** The processors of one party's two jobs: ending a departed party's matches, and the sweep that asks again. */
export async function registerEndMatchesProcessors(
  runtime: Runtime,
  party: DepartingParty,
  logger: Logger,
  clock: Clock,
  metrics?: Metrics,
): Promise<void> {
  await runtime.jobs.process<DepartureJob>(
    party.endMatchesJob,
    countingFailures({ metrics, logger }, party.endMatchesJob, async (job) => {
      await endMatchesOfDeparture(runtime, party, clock, job);
      metrics?.jobOutcomes.inc({ job: party.endMatchesJob, outcome: 'completed' });
    }),
    { concurrency: 2 },
  );
  await runtime.jobs.process(
    party.sweepJob,
    countingFailures({ metrics, logger }, party.sweepJob, async () => {
      const requested = await sweepDepartures(runtime, party);
      metrics?.jobOutcomes.inc({ job: party.sweepJob, outcome: 'completed' });
      if (requested > 0) logger.info({ [party.collection]: requested }, party.sweepLogMessage);
    }),
  );
}

export async function startDepartureProcessManager(
  runtime: Runtime,
  party: DepartingParty,
  logger: Logger,
  clock: Clock,
  metrics?: Metrics,
): Promise<RunningReactor> {
  await registerEndMatchesProcessors(runtime, party, logger, clock, metrics);
  await runtime.jobs.repeat(
    party.sweepJob,
    {},
    dailySweepSchedule(`${party.sweepJob}-daily`, runtime.config.reminderSweepCron),
  );
  // Also at every start: a job lost with the previous process is asked for again now, not at the next schedule.
  void runtime.jobs
    .enqueue(party.sweepJob, {}, { jobId: `${party.sweepJob}:start:${newId()}`, attempts: 3 })
    .catch((error: unknown) =>
      logger.error({ err: error instanceof Error ? error.name : 'unknown' }, party.sweepNotEnqueuedMessage),
    );
  return startReactor({
    reactor: departureReactor(party),
    store: runtime.eventStore,
    queue: runtime.jobs,
    checkpoints: documentStoreCheckpoints(runtime.documents),
    onError: (error) =>
      logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, party.reactorResubscribesMessage),
  });
}
