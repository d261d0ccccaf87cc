import type { EventLoopUtilization } from 'node:perf_hooks';
import { EventLoopGauge, GAUGE_WINDOW_MS, readEventLoopBusy } from './event-loop-gauge';

/** A loop whose busy and idle time the test advances by hand, measured as `performance.eventLoopUtilization` would. */
function fakeLoop() {
  let clock = 0;
  let active = 0;
  let idle = 0;
  const measure = (current?: EventLoopUtilization, previous?: EventLoopUtilization): EventLoopUtilization => {
    if (current !== undefined && previous !== undefined) {
      const activeDelta = current.active - previous.active;
      const idleDelta = current.idle - previous.idle;
      return { active: activeDelta, idle: idleDelta, utilization: activeDelta / (activeDelta + idleDelta) };
    }
    return { active, idle, utilization: active / Math.max(1, active + idle) };
  };
  return {
    measure,
    now: () => clock,
    /** The loop runs `busyMs` then waits `idleMs`. */
    pass(busyMs: number, idleMs: number) {
      active += busyMs;
      idle += idleMs;
      clock += busyMs + idleMs;
    },
  };
}

describe('EventLoopGauge', () => {
  it('publishes nothing busy before its first window has passed', () => {
    const loop = fakeLoop();
    const gauge = new EventLoopGauge(loop.measure, loop.now);
    loop.pass(10, 0);
    gauge.sample();

    expect(readEventLoopBusy(gauge.shared)).toBe(0);
  });

  it('publishes the busy share of the window that just ended, for another thread to read', () => {
    const loop = fakeLoop();
    const gauge = new EventLoopGauge(loop.measure, loop.now);
    loop.pass(0.9 * GAUGE_WINDOW_MS, 0.1 * GAUGE_WINDOW_MS);
    gauge.sample();

    expect(readEventLoopBusy(gauge.shared)).toBeCloseTo(0.9);
  });

  it('measures each window on its own, not since the start', () => {
    const loop = fakeLoop();
    const gauge = new EventLoopGauge(loop.measure, loop.now);
    loop.pass(GAUGE_WINDOW_MS, 0);
    gauge.sample();
    loop.pass(0.25 * GAUGE_WINDOW_MS, 0.75 * GAUGE_WINDOW_MS);
    gauge.sample();

    expect(readEventLoopBusy(gauge.shared)).toBeCloseTo(0.25);
  });

  it('keeps the last figure until the next window has passed', () => {
    const loop = fakeLoop();
    const gauge = new EventLoopGauge(loop.measure, loop.now);
    loop.pass(GAUGE_WINDOW_MS, 0);
    gauge.sample();
    loop.pass(0, GAUGE_WINDOW_MS / 2);
    gauge.sample();

    expect(readEventLoopBusy(gauge.shared)).toBe(1);
  });

  it('counts a quiet spell before a new burst as idle', () => {
    const loop = fakeLoop();
    const gauge = new EventLoopGauge(loop.measure, loop.now);
    loop.pass(GAUGE_WINDOW_MS, 0);
    gauge.sample();
    loop.pass(1, 10_000);
    gauge.sample();

    expect(readEventLoopBusy(gauge.shared)).toBeLessThan(0.01);
  });

  it('measures the real event loop by default', async () => {
    const gauge = new EventLoopGauge();
    const until = Date.now() + GAUGE_WINDOW_MS + 20;
    while (Date.now() < until) {
      // Keep the loop busy for a whole window.
    }
    gauge.sample();

    expect(readEventLoopBusy(gauge.shared)).toBeGreaterThan(0.5);
    await new Promise((resolve) => setTimeout(resolve, GAUGE_WINDOW_MS + 20));
    gauge.sample();
    expect(readEventLoopBusy(gauge.shared)).toBeLessThan(0.5);
  });
});
