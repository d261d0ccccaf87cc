import { performance } from 'node:perf_hooks';
import { PeakRssSampler, toMiB } from './peak-rss';

export interface Throughput {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Peak RSS of the whole process while this workload ran. */
  readonly peakRssMiB: number;
}

/** Runs a workload that reports how many events it handled, timing it and sampling RSS around it. */
export async function measureThroughput(
  workload: (sampler: PeakRssSampler) => Promise<number>,
): Promise<Throughput> {
  const sampler = new PeakRssSampler().start();
  const started = performance.now();
  let events: number;
  let peakBytes: number;
  try {
    events = await workload(sampler);
  } finally {
    peakBytes = sampler.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssMiB = toMiB(peakBytes);
  return {
    events,
    seconds: Math.round(seconds * 1000) / 1000,
    eventsPerSecond: events / seconds,
    peakRssMiB,
  };
}
