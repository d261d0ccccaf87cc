import { InvalidJobOptionsError } from '../../errors';
import { nextCronTime } from './cron-schedule';

describe('nextCronTime', () => {
  const at = (iso: string): number => Date.parse(iso);

  it('reads five fields as minutes and six as seconds first, in UTC', () => {
    expect(nextCronTime('*/15 * * * *', at('2026-03-01T10:07:30Z'))).toBe(at('2026-03-01T10:15:00Z'));
    expect(nextCronTime('* * * * * *', at('2026-03-01T10:07:30.400Z'))).toBe(at('2026-03-01T10:07:31Z'));
    expect(nextCronTime('0 6 * * 1', at('2026-03-01T10:00:00Z'))).toBe(at('2026-03-02T06:00:00Z'));
  });

  it("reads the expression in the given time zone, across both of Prague's clock changes", () => {
    const prague = 'Europe/Prague';
    expect(nextCronTime('0 3 * * *', at('2026-03-01T10:00:00Z'), prague)).toBe(at('2026-03-02T02:00:00Z'));
    expect(nextCronTime('0 3 * * *', at('2026-07-01T10:00:00Z'), prague)).toBe(at('2026-07-02T01:00:00Z'));
    // 29 March 2026: 02:00 becomes 03:00, so the day is 23 hours long and 03:00 is 01:00 UTC.
    expect(nextCronTime('0 3 * * *', at('2026-03-28T02:00:00Z'), prague)).toBe(at('2026-03-29T01:00:00Z'));
    // 25 October 2026: 03:00 becomes 02:00 again; a run at 02:30 comes once, not in both 02:30s.
    const autumn = nextCronTime('30 2 * * *', at('2026-10-24T12:00:00Z'), prague);
    expect(autumn).toBe(at('2026-10-25T00:30:00Z'));
    expect(nextCronTime('30 2 * * *', autumn, prague)).toBe(at('2026-10-26T01:30:00Z'));
  });

  it('is strictly after the given time', () => {
    expect(nextCronTime('0 * * * *', at('2026-03-01T10:00:00Z'))).toBe(at('2026-03-01T11:00:00Z'));
  });

  it('rejects a malformed expression with a typed error', () => {
    expect(() => nextCronTime('every monday', 0)).toThrow(InvalidJobOptionsError);
  });
});
