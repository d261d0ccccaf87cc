import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from './percentile';

export interface SyncLatency {
  readonly samples: number;
  readonly medianMs: number;
  readonly p90Ms: number;
}

const APPEND_BYTES = 16 * 1024;

/**
 * How long the disk under `directory` takes to make a small append durable: what every commit of the embedded
 * stores waits for, whatever the CPU's speed. Appends 16 KB (a commit of a few events in SQLite's WAL) and
 * fsyncs it, `samples` times, in a directory of its own that it removes.
 */
export function measureSyncLatency(directory: string, samples = 200): SyncLatency {
  const scratch = mkdtempSync(join(directory, 'sync-latency-'));
  const fd = openSync(join(scratch, 'appends'), 'w');
  const block = Buffer.alloc(APPEND_BYTES, 1);
  const millis: number[] = [];
  try {
    for (let sample = 0; sample < samples; sample += 1) {
      writeSync(fd, block);
      const started = process.hrtime.bigint();
      fsyncSync(fd);
      millis.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  } finally {
    closeSync(fd);
    rmSync(scratch, { recursive: true, force: true });
  }
  millis.sort((a, b) => a - b);
  const at = (share: number) => Math.round(percentile(millis, share) * 1000) / 1000;
  return { samples, medianMs: at(0.5), p90Ms: at(0.9) };
}
