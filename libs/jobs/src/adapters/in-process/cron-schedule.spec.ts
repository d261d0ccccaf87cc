import { InvalidJobOptionsError } from '../../errors';
import { nextCronTime } from './cron-schedule';

describe('nextCronTime', () => {
  const at = (iso: string): number => Date.parse(iso);

  it('reads five fields as minutes and six as seconds first, in UTC', () => {
    expect(nextCronTime('*/15 * * * *', at('2026-03-01T10:07:30Z'))).toBe(at('2026-03-01T10:15:00Z'));
    expect(nextCronTime('* * * * * *', at('2026-03-01T10:07:30.400Z'))).toBe(at('2026-03-01T10:07:31Z'));
    expect(nextCronTime('0 6 * * 1', at('2026-03-01T10:00:00Z'))).toBe(at('2026-03-02T06:00:00Z'));
  });

  it('is strictly after the given time', () => {
    expect(nextCronTime('0 * * * *', at('2026-03-01T10:00:00Z'))).toBe(at('2026-03-01T11:00:00Z'));
  });

  it('rejects a malformed expression with a typed error', () => {
    expect(() => nextCronTime('every monday', 0)).toThrow(InvalidJobOptionsError);
  });
});
