import { dateOf } from '@app/domain';
import type { JobQueue } from '@app/jobs';
import {
  findAll,
  type CollectionSpec,
  type DocumentStore,
  type Filter,
  type JsonObject,
} from '@app/read-models';
import { newId, type Clock, type Logger, type Metrics } from '@app/platform';
import type { ReadModels } from '../certificates/certificate-jobs';
import { countingFailures } from '../runtime/job-outcomes';
import type { Runtime } from '../runtime/runtime';
import {
  consentReminders,
  insuranceReminders,
  meetingReminders,
  supervisionReminders,
  type ClientFacts,
  type MatchFacts,
  type Reminder,
  type VolunteerFacts,
} from './reminders';
import { dailySweepSchedule } from '../runtime/daily-sweep-schedule';

export const REMINDER_SWEEP_JOB = 'reminder-sweep';

/** Written by the sweep, not by a projection: the whole set is recomputed daily from the read models. */
export const REMINDERS_COLLECTION: CollectionSpec = {
  name: 'reminders_v1',
  fields: [
    { name: 'code', type: 'string' },
    { name: 'regions', type: 'string[]' },
    { name: 'subjectType', type: 'string' },
    { name: 'dueOn', type: 'string' },
    { name: 'sweep', type: 'number' },
  ],
};

const remindersDeclared = new WeakMap<DocumentStore, Promise<void>>();

/**
 * Declares the reminders collection in `documents` once, for the sweep and for the queries that may read it
 * before any sweep has run. Declaring writes the schema (a write transaction, and on SQLite its statement caches
 * are emptied after it): once per store, not once per query. A declaration that failed is tried again by the
 * next caller.
 */
export function ensureRemindersCollection(documents: DocumentStore): Promise<void> {
  let declared = remindersDeclared.get(documents);
  if (declared === undefined) {
    declared = documents.ensureCollection(REMINDERS_COLLECTION);
    remindersDeclared.set(documents, declared);
    declared.catch(() => remindersDeclared.delete(documents));
  }
  return declared;
}

async function allDocuments<T extends JsonObject>(
  documents: DocumentStore,
  collection: string,
  filter: Filter,
): Promise<T[]> {
  const all: T[] = [];
  for await (const document of findAll<T>(documents, collection, { filter })) all.push(document.data);
  return all;
}

/** Every reminder due today, from the read models. */
export async function computeReminders(readModels: ReadModels, today: string): Promise<Reminder[]> {
  const { documents } = readModels;
  const clients = await allDocuments<JsonObject>(documents, await readModels.collection('clients'), {});
  const volunteers = await allDocuments<JsonObject>(documents, await readModels.collection('volunteers'), {
    status: { $in: ['ACTIVE', 'PAUSED'] },
  });
  const matches = await allDocuments<JsonObject>(documents, await readModels.collection('matches'), {
    status: 'ACTIVE',
  });
  // Withdrawn consents never remind: only those still in force are read.
  const consents = await allDocuments<JsonObject>(documents, await readModels.collection('consents'), {
    withdrawnOn: null,
  });
  const consentsOf = new Map<string, ClientFacts['consents'][number][]>();
  for (const consent of consents as unknown as (ClientFacts['consents'][number] & { clientId: string })[]) {
    const ofClient = consentsOf.get(consent.clientId);
    if (ofClient === undefined) consentsOf.set(consent.clientId, [consent]);
    else ofClient.push(consent);
  }
  const clientFacts = (clients as unknown as Omit<ClientFacts, 'consents'>[]).map((client): ClientFacts => ({
    ...client,
    consents: consentsOf.get(client.clientId) ?? [],
  }));
  const volunteerFacts = volunteers as unknown as VolunteerFacts[];
  const regionOfClient = new Map(clientFacts.map((client) => [client.clientId, [client.region]]));
  const regionsOfVolunteer = new Map(
    volunteerFacts.map((volunteer) => [volunteer.volunteerId, volunteer.regions]),
  );
  const regionsOf = (match: MatchFacts): readonly string[] =>
    regionOfClient.get(match.clientId) ?? regionsOfVolunteer.get(match.volunteerId) ?? [];
  return [
    ...consentReminders(clientFacts, today),
    ...insuranceReminders(volunteerFacts, today),
    ...meetingReminders(matches as unknown as MatchFacts[], regionsOf, today),
    ...supervisionReminders(volunteerFacts, today),
  ];
}

/**
 * Replaces the stored reminders with today's: each run upserts under a higher guard position (its start time)
 * and then deletes what the run did not produce, so a reminder that no longer applies disappears.
 */
export async function sweepReminders(readModels: ReadModels, clock: Clock): Promise<number> {
  const started = clock.now();
  const sweep = started.getTime();
  const reminders = await computeReminders(readModels, dateOf(started.toISOString()));
  const { documents } = readModels;
  await ensureRemindersCollection(documents);
  const position = BigInt(sweep);
  for (const reminder of reminders) {
    await documents.upsert(
      REMINDERS_COLLECTION.name,
      reminder.id,
      { ...reminder, regions: [...reminder.regions], sweep },
      position,
    );
  }
  // Collected first, then deleted: deleting while paging would move the pages under the cursor.
  const stale: string[] = [];
  for await (const item of findAll(documents, REMINDERS_COLLECTION.name, {
    filter: { sweep: { $lt: sweep } },
  })) {
    stale.push(item.id);
  }
  for (const id of stale) await documents.delete(REMINDERS_COLLECTION.name, id, position);
  return reminders.length;
}

/** The daily reminder sweep; on the embedded default it also runs once at start. */
export async function startReminderJobs(
  runtime: Runtime,
  logger: Logger,
  metrics: Metrics,
  clock: Clock,
): Promise<{ stop(): Promise<void> }> {
  const readModels: ReadModels = {
    documents: runtime.documents,
    collection: (name) => runtime.collection(name),
  };
  const queue: JobQueue = runtime.jobs;
  await queue.process(
    REMINDER_SWEEP_JOB,
    countingFailures({ metrics, logger }, REMINDER_SWEEP_JOB, async () => {
      const count = await sweepReminders(readModels, clock);
      metrics.jobOutcomes.inc({ job: REMINDER_SWEEP_JOB, outcome: 'completed' });
      logger.info({ reminders: count }, 'reminders swept');
    }),
  );
  await queue.repeat(
    REMINDER_SWEEP_JOB,
    {},
    dailySweepSchedule('reminder-sweep-daily', runtime.config.reminderSweepCron),
  );
  if (runtime.config.redisUrl === undefined) {
    void queue
      .enqueue(REMINDER_SWEEP_JOB, {}, { jobId: `${REMINDER_SWEEP_JOB}:start:${newId()}`, attempts: 3 })
      .catch((error: unknown) =>
        logger.error(
          { err: error instanceof Error ? error.name : 'unknown' },
          'reminder sweep at start not enqueued',
        ),
      );
  }
  return { stop: async () => undefined };
}
