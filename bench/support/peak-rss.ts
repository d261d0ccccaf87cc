import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

const MIB = 1024 * 1024;
const DEFAULT_INTERVAL_MS = 10;

export const toMiB = (bytes: number): number => Math.round((bytes / MIB) * 10) / 10;

/**
 * Peak resident set size while a workload runs. `process.memoryUsage().rss` is polled on a timer, which only
 * fires when the workload yields to the event loop, so synchronous workloads should call `sample()` (or
 * `yieldToEventLoop`) now and then; the start and end are always sampled.
 */
export class PeakRssSampler {
  private peakBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  start(intervalMs = DEFAULT_INTERVAL_MS): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    // The sampler must never be what keeps a finished benchmark alive.
    this.timer.unref();
    return this;
  }

  sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.peakBytes) this.peakBytes = rss;
  }

  /** Stops polling and returns the peak in bytes. */
  stop(): number {
    this.sample();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    return this.peakBytes;
  }
}

/**
 * The kernel's high-water mark for the whole process so far (`ru_maxrss`, which Node reports in KiB on Linux).
 * It catches spikes between polls but never goes down, so it is a per-process figure, not a per-phase one.
 */
export const processMaxRssBytes = (): number => process.resourceUsage().maxRSS * 1024;

export { yieldToEventLoop };
