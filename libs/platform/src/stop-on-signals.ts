import type { Logger } from './logging';

export interface StopOnSignalsOptions {
  /** The process as operators know it, for the last line: `Průvodce API`, `Průvodce worker`. */
  readonly service: string;
  readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Closes everything: in-flight work first, the stores last. */
  readonly close: () => Promise<void>;
  /** How long a stop may take before the process exits anyway. Default 30 s. */
  readonly timeoutMs?: number;
  /** Injected by tests; `process` and `process.exit` otherwise. */
  readonly signals?: Pick<NodeJS.Process, 'on'>;
  readonly exit?: (code: number) => void;
}

/**
 * SIGTERM and SIGINT stop the process once: `close` runs, then exit 0, or 1 when closing failed or took longer
 * than the timeout. A second signal exits 1 at once, logged, rather than closing a second time over the first.
 */
export function stopOnSignals(options: StopOnSignalsOptions): void {
  const { service, logger, close } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = options.timeoutMs ?? 30_000;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second stop signal; exiting without waiting');
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping: finishing the work in flight');
    const timeout = setTimeout(() => {
      logger.error({ timeoutMs }, 'stop timed out; exiting');
      exit(1);
    }, timeoutMs);
    timeout.unref();
    close().then(
      () => {
        clearTimeout(timeout);
        logger.info({}, `${service} stopped`);
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timeout);
        logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'stop failed');
        exit(1);
      },
    );
  };
  // `on`, not `once`: a second signal must reach the handler rather than kill the process unlogged.
  const signals = options.signals ?? process;
  signals.on('SIGTERM', stop);
  signals.on('SIGINT', stop);
}
