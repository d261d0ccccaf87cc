import type { Logger } from '@app/platform';
import { ReadinessLog } from './health.controller';

describe('readiness log', () => {
  const logger = () => ({ warn: jest.fn(), info: jest.fn(), error: jest.fn() });

  it('given probes failing the same way, when recorded, then one warning names the checks down', () => {
    const log = logger();
    const readiness = new ReadinessLog(log as unknown as Logger);
    for (let probe = 0; probe < 5; probe++) readiness.record(['projections', 'eventStore']);
    expect(log.warn.mock.calls).toEqual([[{ down: ['eventStore', 'projections'] }, 'not ready']]);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('given readiness recovering and failing otherwise, when recorded, then each change is logged once', () => {
    const log = logger();
    const readiness = new ReadinessLog(log as unknown as Logger);
    for (const down of [
      [],
      [],
      ['projections'],
      ['projections'],
      [],
      [],
      ['eventStore'],
      ['eventStore', 'projections'],
    ])
      readiness.record(down);
    expect(log.warn.mock.calls).toEqual([
      [{ down: ['projections'] }, 'not ready'],
      [{ down: ['eventStore'] }, 'not ready'],
      [{ down: ['eventStore', 'projections'] }, 'not ready'],
    ]);
    // Ready from the start is not news; ready again after a failure is.
    expect(log.info.mock.calls).toEqual([['ready again']]);
  });
});
