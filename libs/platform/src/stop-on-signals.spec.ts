import { EventEmitter } from 'node:events';
import { stopOnSignals } from './stop-on-signals';

function harness(close: () => Promise<void>, timeoutMs = 1_000) {
  const signals = new EventEmitter();
  const exits: number[] = [];
  const lines: { level: string; msg: string }[] = [];
  const log = (level: string) => (_fields: object, msg: string) => void lines.push({ level, msg });
  const closed = jest.fn(close);
  stopOnSignals({
    service: 'Průvodce worker',
    logger: { info: log('info'), warn: log('warn'), error: log('error') } as never,
    close: closed,
    timeoutMs,
    signals: signals as unknown as Pick<NodeJS.Process, 'on'>,
    exit: (code) => exits.push(code),
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { signals, exits, lines, closed, settle };
}

describe('stopOnSignals', () => {
  it.each(['SIGTERM', 'SIGINT'])(
    'given %s, when everything closes, then it says so and exits 0',
    async (signal) => {
      const { signals, exits, lines, closed, settle } = harness(async () => undefined);

      signals.emit(signal, signal);
      await settle();

      expect(closed).toHaveBeenCalledTimes(1);
      expect(exits).toEqual([0]);
      expect(lines).toEqual([
        { level: 'info', msg: 'stopping: finishing the work in flight' },
        { level: 'info', msg: 'Průvodce worker stopped' },
      ]);
    },
  );

  it('given closing fails, then it exits 1, not 0', async () => {
    const { signals, exits, lines, settle } = harness(() => Promise.reject(new Error('lease not released')));

    signals.emit('SIGTERM', 'SIGTERM');
    await settle();

    expect(exits).toEqual([1]);
    expect(lines.at(-1)).toEqual({ level: 'error', msg: 'stop failed' });
  });

  it('given a second signal while closing, then it exits 1 at once and does not close again', async () => {
    const { signals, exits, closed, lines } = harness(() => new Promise(() => undefined));

    signals.emit('SIGTERM', 'SIGTERM');
    signals.emit('SIGINT', 'SIGINT');

    expect(closed).toHaveBeenCalledTimes(1);
    expect(exits).toEqual([1]);
    expect(lines.at(-1)).toEqual({ level: 'warn', msg: 'second stop signal; exiting without waiting' });
  });

  it('given closing that never ends, then it exits 1 once the timeout passes', async () => {
    const { signals, exits, lines } = harness(() => new Promise(() => undefined), 20);

    signals.emit('SIGTERM', 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 60));

    expect(exits).toEqual([1]);
    expect(lines.at(-1)).toEqual({ level: 'error', msg: 'stop timed out; exiting' });
  });
});
