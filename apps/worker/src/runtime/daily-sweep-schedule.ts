import { PROGRAM_TIME_ZONE } from '@app/domain';
import type { RepeatOptions } from '@app/jobs';

/**
 * A daily sweep's schedule: its cron is read on the program's calendar (ADR 25), so that `0 3 * * *` is 03:00 in
 * Prague, summer and winter. A failed run is tried again for about a quarter of an hour (30 s, 1, 2, 4, 8 min)
 * rather than waiting for the next day: a read model or store that was briefly unreachable at that hour would
 * otherwise leave a day without reminders, certificates or the departed volunteers' re-check.
 */
export const dailySweepSchedule = (jobId: string, cron: string): RepeatOptions => ({
  jobId,
  cron,
  timeZone: PROGRAM_TIME_ZONE,
  attempts: 6,
  backoff: { type: 'exponential', delayMs: 30_000 },
});
