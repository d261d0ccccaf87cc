import { readFileSync } from 'node:fs';

/** The machine's CPU time so far, in clock ticks, summed over its CPUs (the first line of `/proc/stat`). */
export interface CpuTimes {
  readonly total: number;
  /** Time a virtual CPU wanted to run while the host ran something else. */
  readonly stolen: number;
}

/**
 * Reads `cpu  user nice system idle iowait irq softirq steal guest guest_nice`; null for anything else. Guest
 * time is already counted in user and nice, so the total is the first eight fields.
 */
export function parseCpuTimes(statLine: string): CpuTimes | null {
  const [label, ...fields] = statLine.trim().split(/\s+/);
  const ticks = fields.slice(0, 8).map(Number);
  if (label !== 'cpu' || ticks.length < 8 || ticks.some((tick) => !Number.isSafeInteger(tick) || tick < 0))
    return null;
  return { total: ticks.reduce((sum, tick) => sum + tick, 0), stolen: ticks[7] as number };
}

/** Null where Linux's `/proc/stat` cannot be read (another OS, a restricted container). */
export function readCpuTimes(): CpuTimes | null {
  try {
    return parseCpuTimes(readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '');
  } catch {
    return null;
  }
}

/**
 * The share of the machine's CPU time the host took between two readings. On a virtual machine whose host is
 * busy, a round that loses a fifth of its CPU reports a fifth fewer requests; a ratio between rounds that lost
 * different shares measures the host, not the code.
 */
export function stolenShare(before: CpuTimes | null, after: CpuTimes | null): number | null {
  if (before === null || after === null) return null;
  const total = after.total - before.total;
  return total > 0 ? (after.stolen - before.stolen) / total : null;
}
