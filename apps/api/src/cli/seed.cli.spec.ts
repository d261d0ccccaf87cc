import { parseSeedArgs } from './seed.cli';

describe('npm run seed (arguments)', () => {
  it('given no arguments, when parsed, then the defaults apply', () => {
    expect(parseSeedArgs([])).toEqual({ seed: 1, scale: 1, concurrency: 8, force: false });
  });

  it('given a calendar date, when parsed, then it is the last simulated day', () => {
    expect(parseSeedArgs(['--today', '2024-02-29', '--seed', '7'])).toMatchObject({
      today: '2024-02-29',
      seed: 7,
    });
  });

  it.each([['2025-13-45'], ['2025-02-29'], ['2025-1-5'], ['yesterday']])(
    'given --today %s, when parsed, then the option and its format are named',
    (today) => {
      expect(() => parseSeedArgs(['--today', today])).toThrow(
        '--today must be a calendar date YYYY-MM-DD, e.g. 2026-01-31',
      );
    },
  );

  it.each([
    [['--scale', '0'], '--scale must be a number above 0, at most 20'],
    [['--concurrency', '100'], '--concurrency must be a whole number from 1 to 64'],
    [['--seed', '1.5'], '--seed must be a whole number from 0'],
  ])('given %j, when parsed, then the option and its range are named', (argv, message) => {
    expect(() => parseSeedArgs(argv)).toThrow(message);
  });

  it('given --help, when parsed, then the usage is asked for', () => {
    expect(parseSeedArgs(['--help'])).toBe('help');
  });
});
