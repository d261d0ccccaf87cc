import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { OrderedWorker, takeQueuedRequests } from './ordered-worker';

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

/** A thread that doubles every number waiting for it at once and answers them all in one message. */
const BATCHING_ECHO = `
const { parentPort, receiveMessageOnPort } = require('node:worker_threads');
parentPort.on('message', (request) => {
  if (request === 'close') { parentPort.close(); return; }
  const requests = [request];
  for (let next = receiveMessageOnPort(parentPort); next !== undefined; next = receiveMessageOnPort(parentPort))
    requests.push(next.message);
  const until = Date.now() + 5;
  while (Date.now() < until);
  parentPort.postMessage(requests.map((value) => value * 2));
});
`;

describe('OrderedWorker', () => {
  let directory: string;
  let script: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'ordered-worker-'));
    script = join(directory, 'echo.js');
    writeFileSync(script, ECHO);
    writeFileSync(join(directory, 'batching-echo.js'), BATCHING_ECHO);
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

  it('given a restart interval, when the thread dies, then requests fail until it has passed and the next starts a new thread', async () => {
    const thread = new OrderedWorker<number | string, number>(
      script,
      null,
      () => new Error('thread stopped'),
      {
        restartAfterMs: 200,
      },
    );
    const threadOf = () => (thread as unknown as { worker: unknown }).worker;
    await expect(ask(thread, 1)).resolves.toBe(2);
    const first = threadOf();
    await expect(ask(thread, 'crash')).rejects.toThrow('thread stopped');
    await expect(ask(thread, 2)).rejects.toThrow('thread stopped');

    await new Promise((resolve) => setTimeout(resolve, 250));

    await expect(Promise.all([ask(thread, 3), ask(thread, 4)])).resolves.toEqual([6, 8]);
    expect(threadOf()).not.toBe(first);
    await thread.close('close');
  });

  it('given requests in flight, when closed, then they are answered before the thread exits', async () => {
    const thread = new OrderedWorker<number | string, number>(script, null, () => new Error('stopped'));
    const pending = [5, 7, 9].map((request) => ask(thread, request));
    await thread.close('close');
    await expect(Promise.all(pending)).resolves.toEqual([10, 14, 18]);
  });

  it('given a thread answering several requests in one message, then each request gets its own reply, in order', async () => {
    const thread = new OrderedWorker<number | string, number>(
      join(directory, 'batching-echo.js'),
      null,
      () => new Error('stopped'),
      { repliesInArrays: true },
    );
    const replies = await Promise.all(Array.from({ length: 40 }, (_, index) => ask(thread, index)));
    expect(replies).toEqual(Array.from({ length: 40 }, (_, index) => index * 2));
    await thread.close('close');
  });
});

describe('takeQueuedRequests', () => {
  it('takes the messages already waiting on the port, up to the first that ends the run', async () => {
    const { port1, port2 } = new MessageChannel();
    for (const message of [1, 2, 3, 'close', 4]) port1.postMessage(message);
    // Messages cross even a channel within a thread asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(takeQueuedRequests<number | string>(port2, (message) => message === 'close')).toEqual({
      queued: [1, 2, 3],
      last: 'close',
    });
    expect(takeQueuedRequests<number | string>(port2, (message) => message === 'close')).toEqual({
      queued: [4],
      last: null,
    });
    port1.close();
  });
});
