export interface CommitPacerOptions {
  /** The wait as a share of the average commit's duration. */
  readonly waitFraction?: number;
  /** The longest wait, whatever commits take. */
  readonly maxWaitMs?: number;
}

/**
 * How long the writer thread lets a commit request wait for company before it commits (group commit delay).
 * Under concurrent load each commit otherwise carried fewer than two requests (1.7 under the API benchmark),
 * each commit paying for a transaction, an fsync and a reply. Waiting a fraction of what a commit takes gathers
 * more requests into one.
 *
 * It waits only while appenders are concurrent: right after a commit that carried several requests. A lone or
 * sequential appender (one request per commit), or the first request after a quiet spell, is committed at once.
 * The wait scales with the commits this machine makes, so a fast disk waits less.
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

  /** Milliseconds to wait, at `now`, before taking the requests for the next commit. */
  waitBeforeCommit(now: number): number {
    const last = this.lastCommit;
    if (last === null || last.requests < 2) return 0;
    // A burst that ended a while ago says nothing about the request arriving now.
    if (now - last.endedAt > Math.max(1, 2 * this.averageCommitMs)) return 0;
    return Math.min(this.maxWaitMs, this.averageCommitMs * this.waitFraction);
  }

  /** A commit of `requests` requests ran from `startedAt` to `endedAt` (milliseconds). */
  committed(requests: number, startedAt: number, endedAt: number): void {
    const took = Math.max(0, endedAt - startedAt);
    this.averageCommitMs = this.lastCommit === null ? took : 0.9 * this.averageCommitMs + 0.1 * took;
    this.lastCommit = { requests, endedAt };
  }
}
