export interface CommitPacerOptions {
  /** The wait as a share of the average commit's duration. */
  readonly waitFraction?: number;
  /** The longest wait, whatever commits take. */
  readonly maxWaitMs?: number;
}

/** Below this busy share of the appenders' event loop the pacer never waits. */
export const LOOP_BUSY_NO_WAIT = 0.85;
/** From this busy share on it waits in full; in between, in proportion. */
export const LOOP_BUSY_FULL_WAIT = 0.95;

/**
 * How long the writer thread lets a commit request wait for company before it commits (group commit delay).
 * Under concurrent load each commit otherwise carried fewer than two requests (1.7 under the API benchmark),
 * each commit paying for a transaction, an fsync and a reply. Waiting a fraction of what a commit takes gathers
 * more requests into one.
 *
 * It waits only while appenders are concurrent: right after a commit that carried several requests. A lone or
 * sequential appender (one request per commit), or the first request after a quiet spell, is committed at once.
 * The wait scales with the commits this machine makes, so a fast disk waits less.
 *
 * And it waits only while the appenders' event loop is saturated. Fewer commits save that loop replies to
 * handle, which helps only when it has no time to spare; while it idles part of the time, requests are waiting
 * for their records, and a wait makes every one of them wait longer. With 10 connections on `client(id)`, the
 * wait cost up to a fifth of the throughput on a machine where the loop was 80 % busy, and gained a little
 * where it was 90 % busy or more (ADR 22).
 */
export class CommitPacer {
  private readonly waitFraction: number;
  private readonly maxWaitMs: number;
  private averageCommitMs = 0;
  private lastCommit: { readonly requests: number; readonly endedAt: number } | null = null;

  constructor(options: CommitPacerOptions = {}) {
    this.waitFraction = options.waitFraction ?? 0.5;
    this.maxWaitMs = options.maxWaitMs ?? 1;
  }

  /**
   * Milliseconds to wait, at `now`, before taking the requests for the next commit, while the appenders' event
   * loop was busy `loopBusy` (0–1) of the time lately.
   */
  waitBeforeCommit(now: number, loopBusy: number): number {
    const last = this.lastCommit;
    if (last === null || last.requests < 2) return 0;
    // A burst that ended a while ago says nothing about the request arriving now.
    if (now - last.endedAt > Math.max(1, 2 * this.averageCommitMs)) return 0;
    const saturation = (loopBusy - LOOP_BUSY_NO_WAIT) / (LOOP_BUSY_FULL_WAIT - LOOP_BUSY_NO_WAIT);
    if (saturation <= 0) return 0;
    return Math.min(this.maxWaitMs, this.averageCommitMs * this.waitFraction) * Math.min(1, saturation);
  }

  /** A commit of `requests` requests ran from `startedAt` to `endedAt` (milliseconds). */
  committed(requests: number, startedAt: number, endedAt: number): void {
    const took = Math.max(0, endedAt - startedAt);
    this.averageCommitMs = this.lastCommit === null ? took : 0.9 * this.averageCommitMs + 0.1 * took;
    this.lastCommit = { requests, endedAt };
  }
}
