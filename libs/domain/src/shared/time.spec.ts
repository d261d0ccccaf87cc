import { startOfLast12Months, yearBefore } from './time';

describe('yearBefore', () => {
  it('is the same calendar day a year earlier', () => {
    expect(yearBefore('2025-06-10')).toBe('2024-06-10');
    expect(yearBefore('2025-01-01')).toBe('2024-01-01');
  });
  it('turns 29 February into 28 February, the last day of that month a year earlier', () => {
    expect(yearBefore('2024-02-29')).toBe('2023-02-28');
    expect(yearBefore('2025-02-28')).toBe('2024-02-28');
    expect(yearBefore('2025-03-01')).toBe('2024-03-01');
  });
});

describe('startOfLast12Months', () => {
  it('is the day after the same day a year earlier, across month, year and leap-day ends', () => {
    expect(startOfLast12Months('2025-06-10')).toBe('2024-06-11');
    expect(startOfLast12Months('2025-12-31')).toBe('2025-01-01');
    expect(startOfLast12Months('2025-02-28')).toBe('2024-02-29');
    expect(startOfLast12Months('2024-02-29')).toBe('2023-03-01');
    expect(startOfLast12Months('2025-03-01')).toBe('2024-03-02');
  });
});
