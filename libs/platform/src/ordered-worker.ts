import { once } from 'node:events';
import { receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** An error as it crosses between threads: what survives of it is its name, message and code. */
export interface PlainWireError {
  readonly name: string;
  readonly message: string;
  readonly code: string | null;
}

export function toPlainWireError(error: unknown): PlainWireError {
  const { name, message, code } = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  return {
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(error),
    code: typeof code === 'string' ? code : null,
  };
}

export function fromPlainWireError(error: PlainWireError): Error {
  const rebuilt = new Error(error.message) as Error & { code?: string };
  rebuilt.name = error.name;
  if (error.code !== null) rebuilt.code = error.code;
  return rebuilt;
}

interface Waiting<Reply> {
  readonly answered: (reply: Reply) => void;
  readonly failed: (error: unknown) => void;
}

export interface OrderedWorkerOptions {
  /**
   * Each message of the thread is an array of replies, answering as many requests in order: a thread that
   * carries out several queued requests together answers them in one message.
   */
  readonly repliesInArrays?: boolean;
  /**
   * After the thread dies, requests fail at once for this long; the first one after it starts a new thread.
   * Without it a dead thread refuses every request until the process restarts.
   */
  readonly restartAfterMs?: number;
}

/**
 * A worker thread that answers each request with one reply, in the order the requests were sent: what the
 * SQLite writer threads of the event store and the document store are (ADRs 11 and 14). It starts with the
 * first request, and only a request in flight keeps the process alive. Once the thread dies, every request in
 * flight fails with the error `stoppedError` makes (it may or may not have been carried out), and so does every
 * later one until `restartAfterMs` has passed: the next request then starts a new thread.
 */
export class OrderedWorker<Request, Reply> {
  private worker: Worker | null = null;
  private readonly inFlight: Waiting<Reply>[] = [];
  private stopped: Error | null = null;
  private stoppedAt = 0;
  private closing = false;

  constructor(
    private readonly filename: string,
    private readonly workerData: unknown,
    private readonly stoppedError: () => Error,
    private readonly options: OrderedWorkerOptions = {},
  ) {}

  send(request: Request, answered: (reply: Reply) => void, failed: (error: unknown) => void): void {
    if (this.stopped !== null && !this.mayRestart()) {
      failed(this.stopped);
      return;
    }
    if (this.stopped !== null) {
      this.stopped = null;
      this.worker = null;
    }
    const worker = this.worker ?? this.start();
    try {
      worker.postMessage(request);
    } catch (error) {
      failed(error);
      return;
    }
    this.inFlight.push({ answered, failed });
    if (this.inFlight.length === 1) worker.ref();
  }

  /** Sends `closeRequest` after everything already sent, and waits for the thread to exit. */
  async close(closeRequest: Request): Promise<void> {
    const worker = this.worker;
    if (worker === null || this.stopped !== null) return;
    this.closing = true;
    worker.ref();
    const exited = once(worker, 'exit');
    worker.postMessage(closeRequest);
    await exited;
  }

  private mayRestart(): boolean {
    const { restartAfterMs } = this.options;
    return !this.closing && restartAfterMs !== undefined && Date.now() - this.stoppedAt >= restartAfterMs;
  }

  private start(): Worker {
    const worker = new Worker(this.filename, { workerData: this.workerData });
    worker.unref();
    worker.on('message', (message: Reply | readonly Reply[]) => {
      const replies =
        this.options.repliesInArrays === true ? (message as readonly Reply[]) : [message as Reply];
      const answered = this.inFlight.splice(0, replies.length);
      if (this.inFlight.length === 0) worker.unref();
      answered.forEach((waiting, index) => waiting.answered(replies[index] as Reply));
    });
    // Only the current thread's end stops this worker: a thread replaced after a restart has no say.
    worker.on('error', () => {
      if (this.worker === worker) this.stop();
    });
    worker.on('exit', () => {
      if (!this.closing && this.worker === worker) this.stop();
    });
    this.worker = worker;
    return worker;
  }

  private stop(): void {
    if (this.stopped === null) {
      this.stopped = this.stoppedError();
      this.stoppedAt = Date.now();
    }
    for (const waiting of this.inFlight.splice(0)) waiting.failed(this.stopped);
  }
}

/**
 * On the thread: the requests already waiting on `port` behind the one being handled, taken without waiting for
 * the thread's next turn, up to and excluding the first that `isLast` accepts (that one is returned as `last`).
 */
export function takeQueuedRequests<Request>(
  port: MessagePort,
  isLast: (request: Request) => boolean,
): { readonly queued: Request[]; readonly last: Request | null } {
  const queued: Request[] = [];
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (received === undefined) return { queued, last: null };
    const message = received.message as Request;
    if (isLast(message)) return { queued, last: message };
    queued.push(message);
  }
}
