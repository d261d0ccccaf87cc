import { CommitPacer, LOOP_BUSY_FULL_WAIT, LOOP_BUSY_NO_WAIT } from './commit-pacer';

/** The appenders' event loop had no time to spare. */
const SATURATED = 1;

describe('CommitPacer', () => {
  it('commits the first request at once', () => {
    const pacer = new CommitPacer();

    expect(pacer.waitBeforeCommit(0, SATURATED)).toBe(0);
  });

  it('does not hold a sequential appender: after a commit of one request it commits at once', () => {
    const pacer = new CommitPacer();
    pacer.committed(1, 0, 0.4);

    expect(pacer.waitBeforeCommit(0.41, SATURATED)).toBe(0);
  });

  it('after a commit that carried several requests, waits half of what a commit takes', () => {
    const pacer = new CommitPacer();
    pacer.committed(3, 0, 0.4);

    expect(pacer.waitBeforeCommit(0.45, SATURATED)).toBeCloseTo(0.2);
  });

  it('follows the average duration of recent commits', () => {
    const pacer = new CommitPacer();
    pacer.committed(2, 0, 0.4);
    pacer.committed(2, 1, 1.6);

    // 0.9 × 0.4 + 0.1 × 0.6 = 0.42 ms on average; half of it
    expect(pacer.waitBeforeCommit(1.7, SATURATED)).toBeCloseTo(0.21);
  });

  it('never waits longer than its limit, however slow commits are', () => {
    const pacer = new CommitPacer({ maxWaitMs: 1 });
    pacer.committed(4, 0, 30);

    expect(pacer.waitBeforeCommit(31, SATURATED)).toBe(1);
  });

  it('takes the share it is given', () => {
    const pacer = new CommitPacer({ waitFraction: 0.25 });
    pacer.committed(2, 0, 0.8);

    expect(pacer.waitBeforeCommit(0.9, SATURATED)).toBeCloseTo(0.2);
  });

  it('commits at once when the last concurrent commit ended a while ago', () => {
    const pacer = new CommitPacer();
    pacer.committed(5, 0, 0.4);

    // More than 1 ms, and more than twice the average commit, since it ended
    expect(pacer.waitBeforeCommit(1.5, SATURATED)).toBe(0);
  });

  it('still waits within twice the average commit when commits are slow', () => {
    const pacer = new CommitPacer();
    pacer.committed(5, 0, 0.9);

    expect(pacer.waitBeforeCommit(2.5, SATURATED)).toBeCloseTo(0.45);
    expect(pacer.waitBeforeCommit(2.8, SATURATED)).toBe(0);
  });

  describe("by how busy the appenders' event loop is", () => {
    const afterConcurrentCommit = () => {
      const pacer = new CommitPacer();
      pacer.committed(3, 0, 0.4);
      return pacer;
    };

    it("does not wait while the loop idles part of the time: the records' round trip then limits throughput", () => {
      expect(afterConcurrentCommit().waitBeforeCommit(0.45, 0.5)).toBe(0);
      expect(afterConcurrentCommit().waitBeforeCommit(0.45, LOOP_BUSY_NO_WAIT)).toBe(0);
    });

    it('waits in full from the busy share where the loop has no time to spare', () => {
      expect(afterConcurrentCommit().waitBeforeCommit(0.45, LOOP_BUSY_FULL_WAIT)).toBeCloseTo(0.2);
    });

    it('waits in proportion in between, so that the wait does not flip on and off around one threshold', () => {
      const halfway = (LOOP_BUSY_NO_WAIT + LOOP_BUSY_FULL_WAIT) / 2;

      expect(afterConcurrentCommit().waitBeforeCommit(0.45, halfway)).toBeCloseTo(0.1);
    });
  });
});
