import type { Clock } from '@app/platform';

const SECOND = 1000;
const DAY_START_HOUR = 8;
const DAY_END_HOUR = 20;

/** 08:00 UTC of `date`, in epoch milliseconds: where the simulated working day begins. */
export const startOfWorkingDay = (date: string): number =>
  Date.parse(`${date}T${String(DAY_START_HOUR).padStart(2, '0')}:00:00.000Z`);

/**
 * The seed replays two years of a program in a few minutes: every command stamps business time from this clock,
 * which stands on the simulated working day (08:00 UTC onwards, a second further at each reading so that
 * successive events keep their order, never past 20:00).
 */
export class SimulatedClock implements Clock {
  private dayStart = 0;
  private ticks = 0;

  constructor(date: string) {
    this.setDay(date);
  }

  setDay(date: string): void {
    this.dayStart = startOfWorkingDay(date);
    this.ticks = 0;
  }

  now(): Date {
    this.ticks += 1;
    return new Date(this.peek());
  }

  /** The current instant, without moving on. */
  peek(): number {
    return Math.min(
      this.dayStart + this.ticks * SECOND,
      this.dayStart + (DAY_END_HOUR - DAY_START_HOUR) * 3600 * SECOND,
    );
  }
}
