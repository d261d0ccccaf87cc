import { CronExpressionParser } from 'cron-parser';
import { InvalidJobOptionsError } from '../../errors';

/**
 * Cron through `cron-parser`, the same parser BullMQ uses for `pattern`, so that both adapters agree on what an
 * expression means (5 fields, or 6 with seconds first; read in `timeZone`, UTC unless given).
 */
export function nextCronTime(cron: string, afterMs: number, timeZone = 'UTC'): number {
  try {
    return CronExpressionParser.parse(cron, { currentDate: new Date(afterMs), tz: timeZone })
      .next()
      .getTime();
  } catch {
    throw new InvalidJobOptionsError('cron expression is not valid');
  }
}

export function assertValidCron(cron: string): void {
  nextCronTime(cron, 0);
}
