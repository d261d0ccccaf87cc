import { v5 as uuidv5 } from 'uuid';
import {
  matchDecider,
  matchStreamId,
  onVolunteerLeft,
  volunteerStreamId,
  type OpenMatchOfVolunteer,
  type VolunteerLeft,
} from '@app/domain';
import { handleCommand } from '@app/event-store';
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

const OPEN_STATUSES = ['PROPOSED', 'ACTIVE', 'PAUSED'];
const COMMAND_NAMESPACE = '0d6a3f5e-2c1b-4e8f-9a7d-5b3c2e1f0a94';
const PROCESS_ACTOR = { id: 'process-manager:volunteer-left', role: 'SYSTEM' };
const VOLUNTEER_PREFIX = 'volunteer-';

const END_MATCHES_OPTIONS: Omit<EnqueueOptions, 'jobId'> = {
  attempts: 8,
  backoff: { type: 'exponential', delayMs: 1_000 },
};

/** A volunteer who leaves has every open match ended (a proposed one declined), never silently dropped. */
export const volunteerLeftReactor: Reactor = {
  name: 'volunteer_left',
  filter: { eventTypes: ['VolunteerLeft'] },
  react: (event) => [
    {
      name: END_MATCHES_OF_DEPARTED_VOLUNTEER,
      // Ids only: the processor reads everything else from the store.
      payload: { volunteerId: event.streamId.slice(VOLUNTEER_PREFIX.length), eventId: event.eventId },
      options: END_MATCHES_OPTIONS,
    },
  ],
};

/**
 * Asks again to end the open matches of every volunteer who has left, under the job id the reactor gave the
 * departure, so a job still queued is not doubled, and one that failed on every attempt is retried. The
 * reactor's checkpoint moves on once the job is queued: a job lost after that (an in-process queue that
 * stopped, Redis losing its last second) or failed for good would otherwise leave the matches open. Returns
 * how many volunteers' jobs were asked for.
 */
export async function sweepDepartedVolunteers(runtime: Runtime): Promise<number> {
  const volunteers = await runtime.collection('volunteers');
  const matches = await runtime.collection('matches');
  const departed: string[] = [];
  for await (const volunteer of findAll(runtime.documents, volunteers, { filter: { status: 'LEFT' } }))
    departed.push(volunteer.id);
  const departedWithOpenMatches = new Set<string>();
  // The `$in` list is chunked to keep each query bounded.
  for (let start = 0; start < departed.length; start += FIND_ALL_PAGE_SIZE) {
    for await (const match of findAll<MatchDocument>(runtime.documents, matches, {
      filter: {
        volunteerId: { $in: departed.slice(start, start + FIND_ALL_PAGE_SIZE) },
        status: { $in: OPEN_STATUSES },
      },
    }))
      departedWithOpenMatches.add(match.data.volunteerId);
  }

  let requested = 0;
  for (const volunteerId of departedWithOpenMatches) {
    const streamId = volunteerStreamId(volunteerId);
    const departure = (await runtime.eventStore.readStream(streamId))
      .filter((event) => event.type === 'VolunteerLeft')
      .at(-1);
    if (departure === undefined) continue;
    const jobId = reactorJobId(END_MATCHES_OF_DEPARTED_VOLUNTEER, streamId, departure.position);
    const { status } = await runtime.jobs.enqueue(
      END_MATCHES_OF_DEPARTED_VOLUNTEER,
      { volunteerId, eventId: departure.eventId },
      { ...END_MATCHES_OPTIONS, jobId },
    );
    // A job of that id still known to the queue is either on its way or failed for good: the latter starts over.
    if (status === 'enqueued' || (await runtime.jobs.retryFailed(jobId))) requested += 1;
  }
  return requested;
}

/** Open matches according to the `matches` read model, once it has seen the departure. */
async function openMatchesOf(
  runtime: Runtime,
  volunteerId: string,
  seenAt: bigint,
): Promise<OpenMatchOfVolunteer[]> {
  await runtime.waitFor(seenAt, ['matches'], 30_000);
  const collection = await runtime.collection('matches');
  const open: OpenMatchOfVolunteer[] = [];
  for await (const match of findAll<MatchDocument>(runtime.documents, collection, {
    filter: { volunteerId, status: { $in: OPEN_STATUSES } },
  }))
    open.push({ matchId: match.id, acceptedOn: match.data.acceptedOn });
  return open;
}

export async function endMatchesOfDepartedVolunteer(
  runtime: Runtime,
  clock: Clock,
  job: JobContext<{ volunteerId: string; eventId: string }>,
): Promise<void> {
  const { volunteerId, eventId } = job.payload;
  const history = await runtime.eventStore.readStream(volunteerStreamId(volunteerId));
  const recorded = history.find((event) => event.eventId === eventId && event.type === 'VolunteerLeft');
  if (recorded === undefined) return;
  const left = { type: recorded.type, data: recorded.data } as unknown as VolunteerLeft;
  const now = clock.now().toISOString();
  for (const command of onVolunteerLeft(
    left,
    await openMatchesOf(runtime, volunteerId, recorded.position),
    now,
  )) {
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
        actor: PROCESS_ACTOR,
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

/** The processors of both jobs: ending one departed volunteer's matches, and the sweep that asks for them again. */
export async function registerEndMatchesProcessors(
  runtime: Runtime,
  logger: Logger,
  clock: Clock,
  metrics?: Metrics,
): Promise<void> {
  await runtime.jobs.process<{ volunteerId: string; eventId: string }>(
    END_MATCHES_OF_DEPARTED_VOLUNTEER,
    countingFailures({ metrics, logger }, END_MATCHES_OF_DEPARTED_VOLUNTEER, async (job) => {
      await endMatchesOfDepartedVolunteer(runtime, clock, job);
      metrics?.jobOutcomes.inc({ job: END_MATCHES_OF_DEPARTED_VOLUNTEER, outcome: 'completed' });
    }),
    { concurrency: 2 },
  );
  await runtime.jobs.process(
    DEPARTED_VOLUNTEERS_SWEEP,
    countingFailures({ metrics, logger }, DEPARTED_VOLUNTEERS_SWEEP, async () => {
      const requested = await sweepDepartedVolunteers(runtime);
      metrics?.jobOutcomes.inc({ job: DEPARTED_VOLUNTEERS_SWEEP, outcome: 'completed' });
      if (requested > 0)
        logger.info({ volunteers: requested }, 'departed volunteers with open matches asked again');
    }),
  );
}

export async function startVolunteerLeftProcessManager(
  runtime: Runtime,
  logger: Logger,
  clock: Clock,
  metrics?: Metrics,
): Promise<RunningReactor> {
  await registerEndMatchesProcessors(runtime, logger, clock, metrics);
  await runtime.jobs.repeat(
    DEPARTED_VOLUNTEERS_SWEEP,
    {},
    dailySweepSchedule('departed-volunteers-sweep-daily', runtime.config.reminderSweepCron),
  );
  // Also at every start: a job lost with the previous process is asked for again now, not at the next schedule.
  void runtime.jobs
    .enqueue(
      DEPARTED_VOLUNTEERS_SWEEP,
      {},
      { jobId: `${DEPARTED_VOLUNTEERS_SWEEP}:start:${newId()}`, attempts: 3 },
    )
    .catch((error: unknown) =>
      logger.error(
        { err: error instanceof Error ? error.name : 'unknown' },
        'departed volunteers sweep at start not enqueued',
      ),
    );
  return startReactor({
    reactor: volunteerLeftReactor,
    store: runtime.eventStore,
    queue: runtime.jobs,
    checkpoints: documentStoreCheckpoints(runtime.documents),
    onError: (error) =>
      logger.warn(
        { err: error instanceof Error ? error.name : 'unknown' },
        'volunteer-left reactor will resubscribe',
      ),
  });
}
