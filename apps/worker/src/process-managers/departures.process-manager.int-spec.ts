import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  addDays,
  clientDecider,
  clientStreamId,
  dateOf,
  matchDecider,
  matchStreamId,
  volunteerDecider,
  volunteerStreamId,
  type ClientCommand,
  type Decider,
  type DomainEvent,
  type MatchCommand,
  type VolunteerCommand,
} from '@app/domain';
import { handleCommand } from '@app/event-store';
import type { RunningReactor } from '@app/jobs';
import { createLogger, loadConfig, Metrics, newId, systemClock } from '@app/platform';
import { createRuntime, type Runtime } from '../runtime/runtime';
import {
  DEPARTED_CLIENTS_SWEEP,
  DEPARTED_VOLUNTEERS_SWEEP,
  DEPARTING_CLIENT,
  DEPARTING_VOLUNTEER,
  END_MATCHES_OF_DEPARTED_CLIENT,
  END_MATCHES_OF_DEPARTED_VOLUNTEER,
  startDepartureProcessManager,
  sweepDepartures,
} from './departures.process-manager';

const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });
const today = dateOf(new Date().toISOString());

describe('departures process manager', () => {
  let dataDir: string;
  let runtime: Runtime;
  let reactor: RunningReactor;
  let clientReactor: RunningReactor;
  let metrics: Metrics;

  const context = (commandId = newId()) => ({
    commandId,
    correlationId: newId(),
    actor: { id: 'spec', role: 'ADMIN' },
    occurredAt: new Date().toISOString(),
  });

  /** Decides `command` on `streamId`, as an API handler would, and fails the test when it is refused. */
  async function decided<Command, Event extends DomainEvent, State>(
    streamId: string,
    decider: Decider<Command, Event, State>,
    command: Command,
  ) {
    const outcome = await handleCommand(runtime.eventStore, streamId, decider, command, context());
    if (!outcome.ok) throw new Error(outcome.rejection.code);
    return outcome;
  }
  const onVolunteer = (volunteerId: string, command: VolunteerCommand) =>
    decided(volunteerStreamId(volunteerId), volunteerDecider, command);
  const onMatch = (matchId: string, command: MatchCommand) =>
    decided(matchStreamId(matchId), matchDecider, command);
  const onClient = (clientId: string, command: ClientCommand) =>
    decided(clientStreamId(clientId), clientDecider, command);

  async function match(volunteerId: string, accept: boolean, clientId = newId()): Promise<string> {
    const matchId = newId();
    const now = new Date().toISOString();
    await onMatch(matchId, {
      type: 'ProposeMatch',
      data: {
        matchId,
        volunteerId,
        clientId,
        proposedBy: 'spec',
        rationale: ['REGION'],
        volunteer: {
          status: 'ACTIVE',
          insurance: [{ from: '2020-01-01', to: '2099-12-31' }],
          regions: ['PRAGUE'],
          languages: ['uk'],
          currentMatchCount: 0,
        },
        client: { region: 'PRAGUE', languages: ['uk'] },
        clientLimit: 5,
        now,
      },
    });
    if (accept) await onMatch(matchId, { type: 'AcceptMatch', data: { matchId, now } });
    return matchId;
  }

  const statusOf = async (matchId: string): Promise<string[]> =>
    (await runtime.eventStore.readStream(matchStreamId(matchId))).map((event) => event.type);

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-pm-'));
    const config = loadConfig({ DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'NORMAL' });
    runtime = await createRuntime(config, createLogger('warn', silent), { project: true });
    metrics = new Metrics();
    reactor = await startDepartureProcessManager(
      runtime,
      DEPARTING_VOLUNTEER,
      createLogger('warn', silent),
      systemClock,
      metrics,
    );
    clientReactor = await startDepartureProcessManager(
      runtime,
      DEPARTING_CLIENT,
      createLogger('warn', silent),
      systemClock,
      metrics,
    );
  });

  afterEach(async () => {
    await reactor.stop();
    await clientReactor.stop();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function registered(volunteerId: string, at: string): Promise<void> {
    await onVolunteer(volunteerId, {
      type: 'RegisterVolunteer',
      data: {
        volunteerId,
        name: 'Tomáš Novák',
        email: 'tomas@example.org',
        phone: '+420600000009',
        dateOfBirth: '1980-01-01',
        languages: ['uk'],
        regions: ['PRAGUE'],
        availability: [],
        interests: [],
        now: at,
      },
    });
  }

  const untilEnded = async (matchId: string): Promise<void> => {
    // The job runs after it is enqueued; give it a bounded moment to finish.
    for (let attempt = 0; attempt < 200 && !(await statusOf(matchId)).includes('MatchEnded'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('given a volunteer with an active and a proposed match, when the volunteer leaves, then the active one is ended and the proposed one declined', async () => {
    const volunteerId = newId();
    const at = new Date().toISOString();
    await registered(volunteerId, at);
    const active = await match(volunteerId, true);
    const proposed = await match(volunteerId, false);
    const otherVolunteersMatch = await match(newId(), true);

    const left = await onVolunteer(volunteerId, {
      type: 'RecordVolunteerLeaving',
      data: { volunteerId, reasonCode: 'MOVED_AWAY', leftOn: today, now: at },
    });
    await reactor.waitForPosition(left.ok ? left.position : 0n);

    await untilEnded(active);
    expect(await statusOf(active)).toEqual(['MatchProposed', 'MatchAccepted', 'MatchEnded']);
    expect(await statusOf(proposed)).toEqual(['MatchProposed', 'MatchDeclined']);
    expect(await statusOf(otherVolunteersMatch)).toEqual(['MatchProposed', 'MatchAccepted']);
    const ended = (await runtime.eventStore.readStream(matchStreamId(active))).at(-1)!;
    expect(ended.data).toMatchObject({ reasonCode: 'VOLUNTEER_LEFT', endedOn: today });
    expect(ended.metadata.actor).toEqual({ id: 'process-manager:volunteer-left', role: 'SYSTEM' });
    expect(await metrics.registry.metrics()).toContain(
      `pruvodce_job_outcomes_total{job="${END_MATCHES_OF_DEPARTED_VOLUNTEER}",outcome="completed"} 1`,
    );
  });

  it('given a leaving dated before a match was accepted, when the volunteer leaves, then the match ends on the day it was accepted', async () => {
    const volunteerId = newId();
    const day = 86_400_000;
    await registered(volunteerId, new Date(Date.now() - 3 * day).toISOString());
    const active = await match(volunteerId, true);
    const yesterday = addDays(dateOf(new Date().toISOString()), -1);
    const left = await onVolunteer(volunteerId, {
      type: 'RecordVolunteerLeaving',
      data: { volunteerId, reasonCode: 'MOVED_AWAY', leftOn: yesterday, now: new Date().toISOString() },
    });
    await reactor.waitForPosition(left.ok ? left.position : 0n);

    await untilEnded(active);

    const ended = (await runtime.eventStore.readStream(matchStreamId(active))).at(-1)!;
    expect(ended).toMatchObject({
      type: 'MatchEnded',
      data: { reasonCode: 'VOLUNTEER_LEFT', endedOn: today },
    });
  });

  it('given a leaving dated before a meeting logged in a match, when the volunteer leaves, then the match ends on the day of that meeting', async () => {
    const volunteerId = newId();
    const day = 86_400_000;
    await registered(volunteerId, new Date(Date.now() - 5 * day).toISOString());
    const active = await match(volunteerId, false);
    await onMatch(active, {
      type: 'AcceptMatch',
      data: { matchId: active, now: new Date(Date.now() - 4 * day).toISOString() },
    });
    await onMatch(active, {
      type: 'LogMeeting',
      data: {
        matchId: active,
        meetingId: newId(),
        date: today,
        hours: 1,
        activity: 'CZECH_PRACTICE',
        place: 'OUTSIDE',
        loggedBy: volunteerId,
        now: new Date().toISOString(),
      },
    });
    // The matches read model as it is before it has projected that meeting: the job must not take its dates.
    const find = runtime.documents.find.bind(runtime.documents);
    jest.spyOn(runtime.documents, 'find').mockImplementation(async (collection, options) => {
      const page = await find(collection, options);
      return {
        ...page,
        items: page.items.map((item) =>
          item.id === active ? { ...item, data: { ...item.data, lastMeetingOn: null } } : item,
        ),
      };
    });
    const left = await onVolunteer(volunteerId, {
      type: 'RecordVolunteerLeaving',
      data: {
        volunteerId,
        reasonCode: 'MOVED_AWAY',
        leftOn: addDays(today, -2),
        now: new Date().toISOString(),
      },
    });
    await reactor.waitForPosition(left.ok ? left.position : 0n);

    await untilEnded(active);

    expect((await runtime.eventStore.readStream(matchStreamId(active))).at(-1)).toMatchObject({
      type: 'MatchEnded',
      data: { reasonCode: 'VOLUNTEER_LEFT', endedOn: today },
    });
  });

  it('given a departure whose job was lost (the reactor had moved on), when the sweep runs, then the matches are ended and a second sweep asks for nothing', async () => {
    await reactor.stop();
    const volunteerId = newId();
    const departedOnly = newId();
    const at = new Date().toISOString();
    await registered(volunteerId, at);
    await registered(departedOnly, at);
    const active = await match(volunteerId, true);
    const stillActive = await match(newId(), true);
    for (const leaving of [volunteerId, departedOnly]) {
      await onVolunteer(leaving, {
        type: 'RecordVolunteerLeaving',
        data: { volunteerId: leaving, reasonCode: 'MOVED_AWAY', leftOn: today, now: at },
      });
    }
    await runtime.waitFor(await runtime.eventStore.headPosition(), ['volunteers', 'matches'], 10_000);
    expect(await statusOf(active)).toEqual(['MatchProposed', 'MatchAccepted']);

    expect(await sweepDepartures(runtime, DEPARTING_VOLUNTEER)).toBe(1);
    await untilEnded(active);

    expect(await statusOf(active)).toEqual(['MatchProposed', 'MatchAccepted', 'MatchEnded']);
    expect(await statusOf(stillActive)).toEqual(['MatchProposed', 'MatchAccepted']);
    await runtime.waitFor(await runtime.eventStore.headPosition(), ['matches'], 10_000);
    expect(await sweepDepartures(runtime, DEPARTING_VOLUNTEER)).toBe(0);
  });

  it('given the departure job is known to the queue, when swept, then only a job that failed for good is started over', async () => {
    await reactor.stop();
    // The sweep the process manager runs at start must be done before the queue is stubbed below.
    for (let attempt = 0; attempt < 100; attempt++) {
      if (((await runtime.jobs.counts())[DEPARTED_VOLUNTEERS_SWEEP]?.completed ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const volunteerId = newId();
    const at = new Date().toISOString();
    await registered(volunteerId, at);
    await match(volunteerId, true);
    const left = await onVolunteer(volunteerId, {
      type: 'RecordVolunteerLeaving',
      data: { volunteerId, reasonCode: 'MOVED_AWAY', leftOn: today, now: at },
    });
    await runtime.waitFor(await runtime.eventStore.headPosition(), ['volunteers', 'matches'], 10_000);
    jest.spyOn(runtime.jobs, 'enqueue').mockImplementation(async (_name, _payload, options) => ({
      jobId: options?.jobId ?? '',
      status: 'duplicate',
    }));
    const retried = jest
      .spyOn(runtime.jobs, 'retryFailed')
      .mockResolvedValueOnce(true)
      .mockResolvedValueOnce(false)
      .mockResolvedValueOnce(false)
      .mockResolvedValueOnce(true)
      .mockResolvedValueOnce(false)
      .mockResolvedValueOnce(false);
    const stateOfFirstJob = jest
      .spyOn(runtime.jobs, 'stateOf')
      .mockResolvedValueOnce('active')
      .mockResolvedValue('completed');

    expect(await sweepDepartures(runtime, DEPARTING_VOLUNTEER)).toBe(1);
    // The first job still running: it will see the open matches itself.
    expect(await sweepDepartures(runtime, DEPARTING_VOLUNTEER)).toBe(0);
    expect(await sweepDepartures(runtime, DEPARTING_VOLUNTEER)).toBe(1);
    expect(await sweepDepartures(runtime, DEPARTING_VOLUNTEER)).toBe(0);

    const jobId = `${END_MATCHES_OF_DEPARTED_VOLUNTEER}:${volunteerStreamId(volunteerId)}:${left.ok ? left.position : -1n}`;
    expect(stateOfFirstJob.mock.calls).toEqual([
      [END_MATCHES_OF_DEPARTED_VOLUNTEER, jobId],
      [END_MATCHES_OF_DEPARTED_VOLUNTEER, jobId],
      [END_MATCHES_OF_DEPARTED_VOLUNTEER, jobId],
    ]);
    const retriedIds = retried.mock.calls.map(([id]) => id);
    expect(retriedIds.slice(0, 3)).toEqual([jobId, jobId, jobId]);
    // The first job completed: a follow-up named after the open matches, started over once it failed for good.
    expect(retriedIds[3]).toMatch(new RegExp(`^${jobId}:open:[0-9a-f]{32}$`));
    expect(retriedIds.slice(4)).toEqual([jobId, retriedIds[3]]);
  });

  it('given a proposal that raced the departure (the job had ended the matches it saw), when swept, then a follow-up job declines it and a second sweep asks for nothing', async () => {
    const volunteerId = newId();
    const at = new Date().toISOString();
    await registered(volunteerId, at);
    const left = await onVolunteer(volunteerId, {
      type: 'RecordVolunteerLeaving',
      data: { volunteerId, reasonCode: 'MOVED_AWAY', leftOn: today, now: at },
    });
    await reactor.waitForPosition(left.ok ? left.position : 0n);
    for (let attempt = 0; attempt < 100; attempt++) {
      if (((await runtime.jobs.counts())[END_MATCHES_OF_DEPARTED_VOLUNTEER]?.completed ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await runtime.jobs.counts())[END_MATCHES_OF_DEPARTED_VOLUNTEER]?.completed).toBe(1);
    // Decided on facts read before the departure, appended after it.
    const raced = await match(volunteerId, false);
    await runtime.waitFor(await runtime.eventStore.headPosition(), ['matches'], 10_000);

    expect(await sweepDepartures(runtime, DEPARTING_VOLUNTEER)).toBe(1);
    for (let attempt = 0; attempt < 100 && (await statusOf(raced)).length < 2; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(await statusOf(raced)).toEqual(['MatchProposed', 'MatchDeclined']);
    await runtime.waitFor(await runtime.eventStore.headPosition(), ['matches'], 10_000);
    expect(await sweepDepartures(runtime, DEPARTING_VOLUNTEER)).toBe(0);
  });

  async function registeredClient(clientId: string, at: string): Promise<void> {
    await onClient(clientId, {
      type: 'RegisterClient',
      data: {
        clientId,
        name: 'Olena Kovalenko',
        contact: { phone: '+420600000010' },
        countryOfOrigin: 'UA',
        languages: ['uk'],
        region: 'PRAGUE',
        needs: ['CZECH_PRACTICE'],
        now: at,
      },
    });
  }

  const clientDeparts = (clientId: string, at: string) =>
    onClient(clientId, {
      type: 'RecordClientDeparture',
      data: { clientId, reasonCode: 'MOVED_ABROAD', leftOn: today, now: at },
    });

  it('given a client with an active and a proposed match, when the client departs, then the active one is ended and the proposed one declined', async () => {
    const clientId = newId();
    const at = new Date().toISOString();
    await registeredClient(clientId, at);
    const active = await match(newId(), true, clientId);
    const proposed = await match(newId(), false, clientId);
    const otherClientsMatch = await match(newId(), true);

    const departed = await clientDeparts(clientId, at);
    await clientReactor.waitForPosition(departed.ok ? departed.position : 0n);

    await untilEnded(active);
    expect(await statusOf(active)).toEqual(['MatchProposed', 'MatchAccepted', 'MatchEnded']);
    expect(await statusOf(proposed)).toEqual(['MatchProposed', 'MatchDeclined']);
    expect(await statusOf(otherClientsMatch)).toEqual(['MatchProposed', 'MatchAccepted']);
    const ended = (await runtime.eventStore.readStream(matchStreamId(active))).at(-1)!;
    expect(ended.data).toMatchObject({ reasonCode: 'CLIENT_DEPARTED', endedOn: today });
    expect(ended.metadata.actor).toEqual({ id: 'process-manager:client-departed', role: 'SYSTEM' });
    expect(ended.metadata.causationId).toBe(departed.ok ? departed.events[0]!.eventId : undefined);
    expect(await metrics.registry.metrics()).toContain(
      `pruvodce_job_outcomes_total{job="${END_MATCHES_OF_DEPARTED_CLIENT}",outcome="completed"} 1`,
    );
  });

  it('given a client departure whose job was lost, when the clients sweep runs, then the matches are ended and a second sweep asks for nothing', async () => {
    await clientReactor.stop();
    const clientId = newId();
    const at = new Date().toISOString();
    await registeredClient(clientId, at);
    const active = await match(newId(), true, clientId);
    const stillActive = await match(newId(), true);
    await clientDeparts(clientId, at);
    await runtime.waitFor(await runtime.eventStore.headPosition(), ['clients', 'matches'], 10_000);
    expect(await statusOf(active)).toEqual(['MatchProposed', 'MatchAccepted']);
    expect(await sweepDepartures(runtime, DEPARTING_CLIENT)).toBe(1);
    await untilEnded(active);

    expect(await statusOf(active)).toEqual(['MatchProposed', 'MatchAccepted', 'MatchEnded']);
    expect(await statusOf(stillActive)).toEqual(['MatchProposed', 'MatchAccepted']);
    await runtime.waitFor(await runtime.eventStore.headPosition(), ['matches'], 10_000);
    expect(await sweepDepartures(runtime, DEPARTING_CLIENT)).toBe(0);
    for (let attempt = 0; attempt < 100; attempt++) {
      if (((await runtime.jobs.counts())[DEPARTED_CLIENTS_SWEEP]?.completed ?? 0) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await runtime.jobs.counts())[DEPARTED_CLIENTS_SWEEP]?.completed).toBeGreaterThan(0);
  });
});
