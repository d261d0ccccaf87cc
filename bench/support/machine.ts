import { availableParallelism, cpus, freemem, release, totalmem } from 'node:os';
import { toMiB } from './peak-rss';

export interface MachineDescription {
  readonly cpuModel: string;
  readonly cpus: number;
  readonly totalMemoryMiB: number;
  readonly freeMemoryMiB: number;
  readonly node: string;
  /** `production` unless the run asked otherwise (ADR 20): graphql-js checks more in development. */
  readonly nodeEnv: string;
  readonly platform: string;
}

/** Recorded with every result, since figures from different machines are not comparable. */
export function describeMachine(): MachineDescription {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cpus: availableParallelism(),
    totalMemoryMiB: toMiB(totalmem()),
    freeMemoryMiB: toMiB(freemem()),
    node: process.version,
    nodeEnv: process.env.NODE_ENV ?? 'development',
    platform: `${process.platform} ${release()} ${process.arch}`,
  };
}
