import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** How long one measurement of the event loop's busy share lasts, in milliseconds. */
export const GAUGE_WINDOW_MS = 50;

type MeasureUtilization = (
  current?: EventLoopUtilization,
  previous?: EventLoopUtilization,
) => EventLoopUtilization;

/**
 * The share of recent time the appending thread's event loop was busy, published where the writer thread can
 * read it (a shared integer, in thousandths). The writer's group-commit delay pays off only while that loop is
 * saturated (`CommitPacer`): fewer, larger commits then save it replies to handle. While it idles, the records'
 * round trip is what limits throughput, and every wait lengthens it.
 */
export class EventLoopGauge {
  readonly shared = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  private readonly perMille = new Int32Array(this.shared);
  private lastSample: EventLoopUtilization;
  private lastSampledAt: number;

  constructor(
    private readonly measure: MeasureUtilization = performance.eventLoopUtilization,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastSample = measure();
    this.lastSampledAt = now();
  }

  /**
   * Called on the event loop as appends leave for the writer: measures the loop's busy share since the last
   * measurement once a window has passed. A loop that sent nothing for a while is measured over the quiet spell
   * as well, and so reads as idle when a new burst begins.
   */
  sample(): void {
    const now = this.now();
    if (now - this.lastSampledAt < GAUGE_WINDOW_MS) return;
    const current = this.measure();
    const { utilization } = this.measure(current, this.lastSample);
    this.lastSample = current;
    this.lastSampledAt = now;
    Atomics.store(this.perMille, 0, Math.round(Math.min(1, Math.max(0, utilization)) * 1000));
  }
}

/** The busy share an `EventLoopGauge` last published into `shared` (0 before its first window ends). */
export function readEventLoopBusy(shared: SharedArrayBuffer): number {
  return Atomics.load(new Int32Array(shared), 0) / 1000;
}
