import { InvalidJobOptionsError, PersonalDataInJobPayloadError } from '../errors';
import type { JobContext, JobQueue } from '../job-queue.port';
import { sleep, waitFor } from './wait-for';

/**
 * The one contract every JobQueue adapter passes. `factory` returns a fresh, isolated queue (its own key prefix
 * for Redis); the suite closes every queue it created.
 */
export function describeJobQueueContract(adapterName: string, factory: () => Promise<JobQueue>): void {
  describe(`JobQueue contract: ${adapterName}`, () => {
    const opened: JobQueue[] = [];
    const open = async (): Promise<JobQueue> => {
      const queue = await factory();
      opened.push(queue);
      return queue;
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((queue) => queue.close({ drain: false })));
    });

    it('drops a job whose id already exists, before and after it ran', async () => {
      const queue = await open();
      const runs: string[] = [];
      const first = await queue.enqueue(
        'issueCertificate',
        { matchId: 'm-1' },
        { jobId: 'issueCertificate:match-1:7' },
      );
      const second = await queue.enqueue(
        'issueCertificate',
        { matchId: 'm-1' },
        { jobId: 'issueCertificate:match-1:7' },
      );
      expect(first).toEqual({ jobId: 'issueCertificate:match-1:7', status: 'enqueued' });
      expect(second).toEqual({ jobId: 'issueCertificate:match-1:7', status: 'duplicate' });

      await queue.process('issueCertificate', async (job) => {
        runs.push(job.id);
      });
      await waitFor(
        'the job to complete',
        async () => (await queue.counts())['issueCertificate']?.completed === 1,
      );
      const afterRun = await queue.enqueue(
        'issueCertificate',
        { matchId: 'm-1' },
        { jobId: 'issueCertificate:match-1:7' },
      );
      expect(afterRun.status).toBe('duplicate');
      await sleep(200);
      expect(runs).toEqual(['issueCertificate:match-1:7']);
    });

    it('scopes job ids per job name and generates ids when none is given', async () => {
      const queue = await open();
      const a = await queue.enqueue('sendReminder', { sessionId: 's-1' }, { jobId: 'same-id' });
      const b = await queue.enqueue('expireConsent', { consentId: 'c-1' }, { jobId: 'same-id' });
      const c = await queue.enqueue('sendReminder', { sessionId: 's-2' });
      const d = await queue.enqueue('sendReminder', { sessionId: 's-2' });
      expect([a.status, b.status, c.status, d.status]).toEqual([
        'enqueued',
        'enqueued',
        'enqueued',
        'enqueued',
      ]);
      expect(c.jobId).not.toEqual(d.jobId);
      expect((await queue.counts())['sendReminder']?.waiting).toBe(3);
    });

    it('retries a failing job with exponential backoff and passes the attempt number', async () => {
      const queue = await open();
      const attempts: { attempt: number; maxAttempts: number; at: number }[] = [];
      await queue.process('flaky', async (job) => {
        attempts.push({ attempt: job.attempt, maxAttempts: job.maxAttempts, at: Date.now() });
        if (job.attempt < 3) throw new Error('FLAKY.NOT_YET');
      });
      await queue.enqueue(
        'flaky',
        { entityId: 'e-1' },
        { jobId: 'flaky-1', attempts: 3, backoff: { type: 'exponential', delayMs: 150 } },
      );
      await waitFor(
        'the third attempt to complete',
        async () => (await queue.counts())['flaky']?.completed === 1,
      );

      expect(attempts.map((a) => [a.attempt, a.maxAttempts])).toEqual([
        [1, 3],
        [2, 3],
        [3, 3],
      ]);
      const [first, second, third] = attempts.map((a) => a.at) as [number, number, number];
      // 150 ms then 300 ms; timers may fire a few ms early relative to Date.now granularity.
      expect(second - first).toBeGreaterThanOrEqual(140);
      expect(third - second).toBeGreaterThanOrEqual(290);
      expect(await queue.failedJobs('flaky')).toEqual([]);
    });

    it('runs a delayed job no earlier than its delay, after jobs that are due', async () => {
      const queue = await open();
      const started: { id: string; at: number }[] = [];
      await queue.process('remind', async (job) => {
        started.push({ id: job.id, at: Date.now() });
      });
      const enqueuedAt = Date.now();
      await queue.enqueue('remind', { sessionId: 's-1' }, { jobId: 'later', delayMs: 600 });
      await queue.enqueue('remind', { sessionId: 's-2' }, { jobId: 'now' });
      await waitFor('the delayed job to run', () => started.length === 2);

      expect(started.map((s) => s.id)).toEqual(['now', 'later']);
      expect(started[1]!.at - enqueuedAt).toBeGreaterThanOrEqual(590);
    });

    it('creates jobs from a repeatable schedule (every) until it is removed', async () => {
      const queue = await open();
      const ids: string[] = [];
      await queue.process('sweep', async (job) => {
        ids.push(job.id);
      });
      await queue.repeat('sweep', { kind: 'consentExpiry' }, { jobId: 'sweep-every', everyMs: 250 });
      await waitFor('three scheduled runs', () => ids.length >= 3, 5_000);
      expect(await queue.removeRepeat('sweep', 'sweep-every')).toBe(true);
      expect(await queue.removeRepeat('sweep', 'sweep-every')).toBe(false);
      const countAtRemoval = ids.length;
      await sleep(700);
      // One run may already have been due when the schedule was removed.
      expect(ids.length).toBeLessThanOrEqual(countAtRemoval + 1);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('creates jobs from a cron schedule every second', async () => {
      const queue = await open();
      const runs: { at: number; payload: unknown }[] = [];
      await queue.process('tick', async (job) => {
        runs.push({ at: Date.now(), payload: job.payload });
      });
      await queue.repeat('tick', { kind: 'reminderSweep' }, { jobId: 'tick-cron', cron: '* * * * * *' });
      await waitFor('two cron runs', () => runs.length >= 2, 5_000);
      await queue.removeRepeat('tick', 'tick-cron');
      expect(runs[0]!.payload).toEqual({ kind: 'reminderSweep' });
      expect(runs[1]!.at - runs[0]!.at).toBeGreaterThanOrEqual(700);
    });

    it('reads a cron schedule in its time zone', async () => {
      const queue = await open();
      const runs: number[] = [];
      await queue.process('tick', async () => {
        runs.push(Date.now());
      });
      // Every second of this hour and the next in Kolkata (UTC+05:30), hours that are 5 or 6 away in UTC:
      // a schedule read in UTC would not run now.
      const zone = 'Asia/Kolkata';
      const hour = Number(
        new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(
          new Date(),
        ),
      );
      const cron = `* * ${hour},${(hour + 1) % 24} * * *`;
      await queue.repeat('tick', {}, { jobId: 'tick-zoned', cron, timeZone: zone });
      await waitFor('a run of the zoned schedule', () => runs.length >= 1, 5_000);
      await queue.removeRepeat('tick', 'tick-zoned');

      for (const options of [
        { jobId: 'bad-zone', cron: '0 3 * * *', timeZone: 'Europe/Nowhere' },
        { jobId: 'empty-zone', cron: '0 3 * * *', timeZone: '' },
        { jobId: 'zoned-interval', everyMs: 1_000, timeZone: zone },
      ])
        await expect(queue.repeat('tick', {}, options)).rejects.toBeInstanceOf(InvalidJobOptionsError);
    });

    it('replaces a schedule when repeat is called again with the same id', async () => {
      const queue = await open();
      const payloads: unknown[] = [];
      await queue.process('digest', async (job) => {
        payloads.push(job.payload);
      });
      await queue.repeat('digest', { version: 1 }, { jobId: 'digest-schedule', everyMs: 200 });
      await queue.repeat('digest', { version: 2 }, { jobId: 'digest-schedule', everyMs: 200 });
      await waitFor('two runs', () => payloads.length >= 2, 5_000);
      await queue.removeRepeat('digest', 'digest-schedule');
      expect(payloads.slice(-1)).toEqual([{ version: 2 }]);
    });

    it('never runs more jobs of a name at once than its concurrency', async () => {
      const queue = await open();
      let running = 0;
      let maxRunning = 0;
      let done = 0;
      await queue.process(
        'render',
        async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await sleep(120);
          running -= 1;
          done += 1;
        },
        { concurrency: 2 },
      );
      for (let i = 0; i < 6; i += 1) await queue.enqueue('render', { documentId: `d-${i}` });
      await waitFor('all six jobs', () => done === 6);
      expect(maxRunning).toBe(2);
    });

    it('keeps a job whose attempts are exhausted with its error code, and retries it on request', async () => {
      const queue = await open();
      let templateInstalled = false;
      const seen: JobContext[] = [];
      await queue.process('issuePdf', async (job) => {
        seen.push(job);
        if (!templateInstalled)
          throw Object.assign(new Error('No template for Jana Nováková, jana@example.org'), {
            code: 'CERTIFICATE.TEMPLATE_MISSING',
          });
      });
      await queue.enqueue('issuePdf', { certificateId: 'cert-1' }, { jobId: 'issuePdf:cert-1', attempts: 2 });
      await waitFor('the job to fail', async () => (await queue.failedJobs('issuePdf')).length === 1);

      const [failed] = await queue.failedJobs('issuePdf');
      expect(failed).toMatchObject({
        id: 'issuePdf:cert-1',
        name: 'issuePdf',
        payload: { certificateId: 'cert-1' },
        error: 'CERTIFICATE.TEMPLATE_MISSING',
        attemptsMade: 2,
      });
      expect(JSON.stringify(failed)).not.toMatch(/Jana|example/);
      expect(Number.isNaN(Date.parse(failed!.failedAt))).toBe(false);
      expect((await queue.counts())['issuePdf']).toMatchObject({ failed: 1, completed: 0 });
      expect(await queue.retryFailed('no-such-job')).toBe(false);

      templateInstalled = true;
      expect(await queue.retryFailed('issuePdf:cert-1')).toBe(true);
      await waitFor(
        'the retried job to complete',
        async () => (await queue.counts())['issuePdf']?.completed === 1,
      );
      expect(await queue.failedJobs('issuePdf')).toEqual([]);
      expect(seen.map((job) => job.attempt)).toEqual([1, 2, 1]);
      expect(await queue.retryFailed('issuePdf:cert-1')).toBe(false);
    });

    it('tells where a job of a name is: waiting, delayed, completed or failed, and null for one it does not know', async () => {
      const queue = await open();
      await queue.enqueue('archive', { documentId: 'd-1' }, { jobId: 'archive:d-1' });
      await queue.enqueue('archive', { documentId: 'd-2' }, { jobId: 'archive:d-2', delayMs: 60_000 });
      await queue.enqueue('archive', { documentId: 'd-3' }, { jobId: 'archive:d-3' });
      expect(await queue.stateOf('archive', 'archive:d-1')).toBe('waiting');
      expect(await queue.stateOf('archive', 'archive:d-2')).toBe('delayed');
      expect(await queue.stateOf('archive', 'no-such-job')).toBeNull();
      expect(await queue.stateOf('render', 'archive:d-1')).toBeNull();

      await queue.process('archive', async (job) => {
        if (job.payload['documentId'] === 'd-3')
          throw Object.assign(new Error('x'), { code: 'ARCHIVE.FULL' });
      });
      await waitFor(
        'both due jobs to finish',
        async () =>
          (await queue.counts())['archive']?.completed === 1 &&
          (await queue.failedJobs('archive')).length === 1,
      );
      expect(await queue.stateOf('archive', 'archive:d-1')).toBe('completed');
      expect(await queue.stateOf('archive', 'archive:d-3')).toBe('failed');
      expect(await queue.stateOf('archive', 'archive:d-2')).toBe('delayed');
    });

    it("keeps the class name of a failed job's error without a code, never its message", async () => {
      const queue = await open();
      class TemplateUnreadable extends Error {
        override readonly name = 'TemplateUnreadable';
      }
      await queue.process('renderPdf', async () => {
        throw new TemplateUnreadable('Template of Petr Svoboda is unreadable');
      });
      await queue.enqueue('renderPdf', { certificateId: 'cert-2' }, { jobId: 'renderPdf:cert-2' });
      await waitFor('the job to fail', async () => (await queue.failedJobs('renderPdf')).length === 1);
      const [failed] = await queue.failedJobs('renderPdf');
      expect(failed?.error).toBe('TemplateUnreadable');
      expect(JSON.stringify(failed)).not.toMatch(/Petr|Svoboda/);
    });

    it('waits for running jobs on a draining close and starts nothing new', async () => {
      const queue = await open();
      const started: string[] = [];
      const finished: string[] = [];
      await queue.process('slow', async (job) => {
        started.push(job.id);
        await sleep(400);
        finished.push(job.id);
      });
      await queue.enqueue('slow', { entityId: 'e-1' }, { jobId: 'slow-1' });
      await queue.enqueue('slow', { entityId: 'e-2' }, { jobId: 'slow-2' });
      await waitFor('the first job to start', () => started.length === 1);
      await queue.close({ drain: true });
      expect(finished).toEqual(['slow-1']);
      await sleep(100);
      expect(started).toEqual(['slow-1']);
    });

    it('rejects payload keys that look like personal data, naming the path but not the value', async () => {
      const queue = await open();
      const attempt = queue.enqueue('notify', { clientId: 'c-1', contact: { email: 'someone@example.org' } });
      await expect(attempt).rejects.toBeInstanceOf(PersonalDataInJobPayloadError);
      await expect(attempt).rejects.toMatchObject({
        code: 'JOBS.PERSONAL_DATA_IN_PAYLOAD',
        path: 'payload.contact',
      });
      await expect(attempt).rejects.not.toThrow(/someone/);
      await expect(
        queue.repeat('notify', { dateOfBirth: '1990-01-01' }, { jobId: 'x', everyMs: 1000 }),
      ).rejects.toBeInstanceOf(PersonalDataInJobPayloadError);
      await expect(queue.enqueue('notify', { clientId: 'c-1' }, { jobId: '12345' })).rejects.toBeInstanceOf(
        InvalidJobOptionsError,
      );
      expect(await queue.counts()).not.toHaveProperty('notify.waiting', 1);
    });
  });
}
