import { parseCpuTimes, readCpuTimes, stolenShare } from './host-steal';

describe('host steal', () => {
  it('reads the total and the stolen ticks of the cpu line, guest time left out (already in user)', () => {
    expect(parseCpuTimes('cpu  4705 150 1120 16250 520 0 30 700 90 0')).toEqual({
      total: 4705 + 150 + 1120 + 16250 + 520 + 0 + 30 + 700,
      stolen: 700,
    });
  });

  it('refuses a line of one CPU, a short line or one with words in it', () => {
    expect(parseCpuTimes('cpu0 4705 150 1120 16250 520 0 30 700')).toBeNull();
    expect(parseCpuTimes('cpu  4705 150 1120')).toBeNull();
    expect(parseCpuTimes('cpu  4705 150 1120 idle 520 0 30 700')).toBeNull();
  });

  it('gives the share of the CPU time between two readings that the host took', () => {
    expect(stolenShare({ total: 1000, stolen: 10 }, { total: 1400, stolen: 110 })).toBe(0.25);
    expect(stolenShare({ total: 1000, stolen: 10 }, { total: 1000, stolen: 10 })).toBeNull();
    expect(stolenShare(null, { total: 1000, stolen: 10 })).toBeNull();
  });

  it('reads this machine (Linux, as CI and the containers are)', () => {
    expect(readCpuTimes()?.total).toBeGreaterThan(0);
  });
});
