import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrderedWorker } from './ordered-worker';

/** A thread that answers each number with its double after a short busy wait, ends on `crash`, closes on `close`. */
const ECHO = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (request) => {
  if (request === 'close') { parentPort.close(); return; }
  if (request === 'crash') process.exit(3);
  const until = Date.now() + (request % 3);
  while (Date.now() < until);
  parentPort.postMessage(request * 2);
});
`;

describe('OrderedWorker', () => {
  let directory: string;
  let script: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'ordered-worker-'));
    script = join(directory, 'echo.js');
    writeFileSync(script, ECHO);
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const ask = (thread: OrderedWorker<number | string, number>, request: number | string) =>
    new Promise<number>((resolve, reject) => thread.send(request, resolve, reject));

  it('starts its thread with the first request and answers each request with its own reply, in order', async () => {
    const thread = new OrderedWorker<number | string, number>(script, null, () => new Error('stopped'));
    expect((thread as unknown as { worker: unknown }).worker).toBeNull();
    const replies = await Promise.all([1, 2, 3, 4, 5, 6].map((request) => ask(thread, request)));
    expect(replies).toEqual([2, 4, 6, 8, 10, 12]);
    await thread.close('close');
  });

  it('given the thread dies, then the request in flight and every later one fail with the stopped error', async () => {
    const thread = new OrderedWorker<number | string, number>(
      script,
      null,
      () => new Error('thread stopped'),
    );
    await expect(ask(thread, 1)).resolves.toBe(2);
    await expect(ask(thread, 'crash')).rejects.toThrow('thread stopped');
    await expect(ask(thread, 2)).rejects.toThrow('thread stopped');
    await thread.close('close');
  });

  it('given requests in flight, when closed, then they are answered before the thread exits', async () => {
    const thread = new OrderedWorker<number | string, number>(script, null, () => new Error('stopped'));
    const pending = [5, 7, 9].map((request) => ask(thread, request));
    await thread.close('close');
    await expect(Promise.all(pending)).resolves.toEqual([10, 14, 18]);
  });
});
