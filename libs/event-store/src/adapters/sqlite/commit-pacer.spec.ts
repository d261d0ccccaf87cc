import { CommitPacer } from './commit-pacer';

describe('CommitPacer', () => {
  it('commits the first request at once', () => {
    const pacer = new CommitPacer();

    expect(pacer.waitBeforeCommit(0)).toBe(0);
  });

  it('does not hold a sequential appender: after a commit of one request it commits at once', () => {
    const pacer = new CommitPacer();
    pacer.committed(1, 0, 0.4);

    expect(pacer.waitBeforeCommit(0.41)).toBe(0);
  });

  it('after a commit that carried several requests, waits half of what a commit takes', () => {
    const pacer = new CommitPacer();
    pacer.committed(3, 0, 0.4);

    expect(pacer.waitBeforeCommit(0.45)).toBeCloseTo(0.2);
  });

  it('follows the average duration of recent commits', () => {
    const pacer = new CommitPacer();
    pacer.committed(2, 0, 0.4);
    pacer.committed(2, 1, 1.6);

    // 0.9 × 0.4 + 0.1 × 0.6 = 0.42 ms on average; half of it
    expect(pacer.waitBeforeCommit(1.7)).toBeCloseTo(0.21);
  });

  it('never waits longer than its limit, however slow commits are', () => {
    const pacer = new CommitPacer({ maxWaitMs: 1 });
    pacer.committed(4, 0, 30);

    expect(pacer.waitBeforeCommit(31)).toBe(1);
  });

  it('takes the share it is given', () => {
    const pacer = new CommitPacer({ waitFraction: 0.25 });
    pacer.committed(2, 0, 0.8);

    expect(pacer.waitBeforeCommit(0.9)).toBeCloseTo(0.2);
  });

  it('commits at once when the last concurrent commit ended a while ago', () => {
    const pacer = new CommitPacer();
    pacer.committed(5, 0, 0.4);

    // More than 1 ms, and more than twice the average commit, since it ended
    expect(pacer.waitBeforeCommit(1.5)).toBe(0);
  });

  it('still waits within twice the average commit when commits are slow', () => {
    const pacer = new CommitPacer();
    pacer.committed(5, 0, 0.9);

    expect(pacer.waitBeforeCommit(2.5)).toBeCloseTo(0.45);
    expect(pacer.waitBeforeCommit(2.8)).toBe(0);
  });
});
