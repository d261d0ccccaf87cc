import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, loadConfig } from '@app/platform';
import { createRuntime } from './runtime';

const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });

describe('closing the runtime', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-runtime-close-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given a projecting runtime, when closed, then jobs drain while the projections still run, and the stores close last', async () => {
    const runtime = await createRuntime(loadConfig({ DATA_DIR: dataDir }), createLogger('warn', silent), {
      project: true,
    });
    const order: string[] = [];
    const runner = runtime.runner;
    if (runner === null) throw new Error('expected a projection runner');
    const trace = <T extends object>(target: T, method: keyof T & string, label: string): void => {
      const original = (target[method] as (...args: unknown[]) => unknown).bind(target);
      jest.spyOn(target, method as never).mockImplementation(((...args: unknown[]) => {
        order.push(label);
        return original(...args);
      }) as never);
    };
    trace(runtime.jobs, 'close', 'jobs');
    trace(runner, 'stop', 'projections');
    trace(runtime.documents, 'close', 'read models');

    await runtime.close();

    expect(order).toEqual(['jobs', 'projections', 'read models']);
  });
});
