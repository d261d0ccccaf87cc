import { performance } from 'node:perf_hooks';
import { PeakRssSampler, toMiB } from './peak-rss';
import type { Throughput } from './throughput';

/** A workload split into rounds; each round returns how many events it handled. */
export interface RoundedWorkload {
  readonly name: string;
  round(roundIndex: number): Promise<number>;
}

/**
 * Runs the workloads' rounds in turn (A1 B1 C1 A2 B2 C2 …) so that a disk or CPU slowed down by other
 * processes for a while slows every workload alike, and the ratios between them stay meaningful on a shared
 * machine. Each result sums events and time over the rounds; its peak RSS is the highest of its rounds.
 */
export async function measureInterleaved(
  workloads: readonly RoundedWorkload[],
  rounds: number,
): Promise<Map<string, Throughput>> {
  const totals = new Map(
    workloads.map((workload) => [workload.name, { events: 0, seconds: 0, peakBytes: 0 }]),
  );
  if (totals.size !== workloads.length) throw new Error('workload names must be unique');
  for (let roundIndex = 0; roundIndex < rounds; roundIndex += 1) {
    for (const workload of workloads) {
      const total = totals.get(workload.name);
      if (total === undefined) continue;
      const sampler = new PeakRssSampler().start();
      const started = performance.now();
      try {
        total.events += await workload.round(roundIndex);
      } finally {
        total.seconds += (performance.now() - started) / 1000;
        total.peakBytes = Math.max(total.peakBytes, sampler.stop());
      }
    }
  }
  return new Map(
    [...totals].map(([name, total]) => [
      name,
      {
        events: total.events,
        seconds: Math.round(total.seconds * 1000) / 1000,
        eventsPerSecond: total.events / total.seconds,
        peakRssMiB: toMiB(total.peakBytes),
      },
    ]),
  );
}
