import { readdirSync, readFileSync } from 'node:fs';

/** What Linux's schedstat says of one thread, in nanoseconds. */
export interface ThreadSchedule {
  /** Time on a CPU. */
  readonly onCpu: number;
  /** Time runnable but waiting for a CPU (in the run queue). */
  readonly waitingForCpu: number;
}

/** CPU time of this process's threads by thread id; empty where Linux's schedstat is missing. */
export type ThreadCpu = ReadonlyMap<number, ThreadSchedule>;

/** A schedstat line (`<on cpu ns> <run-queue wait ns> <timeslices>`), or null when it is not one. */
export function parseSchedstat(line: string): ThreadSchedule | null {
  const [onCpu, waitingForCpu] = line.trim().split(' ').map(Number);
  if (onCpu === undefined || waitingForCpu === undefined) return null;
  if (!Number.isFinite(onCpu) || !Number.isFinite(waitingForCpu)) return null;
  return { onCpu, waitingForCpu };
}

/**
 * Read from `/proc/self/task/<tid>/schedstat`. A whole-process profile cannot tell whether the event loop is the
 * bottleneck; the main thread's own CPU time per request can. Its run-queue wait tells an event loop that idles
 * (waiting for a commit, say) from one that was ready to run but found both CPUs taken by other threads.
 */
export function readThreadCpu(): ThreadCpu {
  const byThread = new Map<number, ThreadSchedule>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return byThread;
  }
  for (const tid of tids) {
    try {
      const schedule = parseSchedstat(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8'));
      if (schedule !== null) byThread.set(Number(tid), schedule);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return byThread;
}

export interface ThreadCpuSpent {
  /** The main thread (the event loop): ns on a CPU. */
  readonly mainNanos: number;
  /** The main thread: ns runnable but waiting for a CPU. */
  readonly mainWaitingNanos: number;
  /** Every other thread (workers, libuv's pool, V8's GC helpers, threads that ended excepted): ns on a CPU. */
  readonly otherNanos: number;
}

/** Null where Linux's schedstat could not be read: no figure rather than a zero that looks measured. */
export function threadCpuSpent(before: ThreadCpu, after: ThreadCpu): ThreadCpuSpent | null {
  if (!after.has(process.pid)) return null;
  let mainNanos = 0;
  let mainWaitingNanos = 0;
  let otherNanos = 0;
  for (const [tid, schedule] of after) {
    const earlier = before.get(tid);
    const spent = schedule.onCpu - (earlier?.onCpu ?? 0);
    if (tid === process.pid) {
      mainNanos += spent;
      mainWaitingNanos += schedule.waitingForCpu - (earlier?.waitingForCpu ?? 0);
    } else otherNanos += spent;
  }
  return { mainNanos, mainWaitingNanos, otherNanos };
}
