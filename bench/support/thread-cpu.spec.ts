import { parseSchedstat, threadCpuSpent, type ThreadCpu } from './thread-cpu';

describe('parseSchedstat', () => {
  it('reads the time on a CPU and the time waiting for one', () => {
    expect(parseSchedstat('123456789 2345678 901\n')).toEqual({ onCpu: 123456789, waitingForCpu: 2345678 });
  });

  it('gives null for a line that is not a schedstat line', () => {
    expect(parseSchedstat('')).toBeNull();
    expect(parseSchedstat('123')).toBeNull();
    expect(parseSchedstat('abc def 1')).toBeNull();
  });
});

describe('threadCpuSpent', () => {
  const main = process.pid;

  it('splits the main thread from the others and counts only what was spent in between', () => {
    const before: ThreadCpu = new Map([
      [main, { onCpu: 1_000, waitingForCpu: 100 }],
      [main + 1, { onCpu: 500, waitingForCpu: 50 }],
    ]);
    const after: ThreadCpu = new Map([
      [main, { onCpu: 4_000, waitingForCpu: 700 }],
      [main + 1, { onCpu: 1_500, waitingForCpu: 90 }],
      // A thread started in between counts from zero.
      [main + 2, { onCpu: 300, waitingForCpu: 10 }],
    ]);
    expect(threadCpuSpent(before, after)).toEqual({
      mainNanos: 3_000,
      mainWaitingNanos: 600,
      otherNanos: 1_300,
    });
  });

  it('gives null when the main thread could not be read', () => {
    expect(threadCpuSpent(new Map(), new Map([[main + 1, { onCpu: 1, waitingForCpu: 0 }]]))).toBeNull();
  });
});
