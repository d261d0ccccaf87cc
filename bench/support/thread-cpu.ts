import { readdirSync, readFileSync } from 'node:fs';

/** CPU time of this process's threads, in nanoseconds, by thread id; empty where Linux's schedstat is missing. */
export type ThreadCpu = ReadonlyMap<number, number>;

/**
 * Read from `/proc/self/task/<tid>/schedstat` (its first figure: time on a CPU, in ns). A whole-process profile
 * cannot tell whether the event loop is the bottleneck; the main thread's own CPU time per request can.
 */
export function readThreadCpu(): ThreadCpu {
  const byThread = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return byThread;
  }
  for (const tid of tids) {
    try {
      const [onCpu] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ');
      const nanos = Number(onCpu);
      if (Number.isFinite(nanos)) byThread.set(Number(tid), nanos);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return byThread;
}

export interface ThreadCpuSpent {
  /** The main thread (the event loop): ns. */
  readonly mainNanos: number;
  /** Every other thread (workers, libuv's pool, V8's GC helpers, threads that ended excepted): ns. */
  readonly otherNanos: number;
}

/** Null where Linux's schedstat could not be read: no figure rather than a zero that looks measured. */
export function threadCpuSpent(before: ThreadCpu, after: ThreadCpu): ThreadCpuSpent | null {
  if (!after.has(process.pid)) return null;
  let mainNanos = 0;
  let otherNanos = 0;
  for (const [tid, nanos] of after) {
    const spent = nanos - (before.get(tid) ?? 0);
    if (tid === process.pid) mainNanos += spent;
    else otherNanos += spent;
  }
  return { mainNanos, otherNanos };
}
