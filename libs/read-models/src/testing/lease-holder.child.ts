import { SqliteProjectionLease } from '../adapters/sqlite/sqlite-projection-lease';

/** Holds the lease named by argv until killed: the test kills it to play a crashed process. */
async function main(): Promise<void> {
  const [filename, name, ttlMs] = process.argv.slice(2);
  if (filename === undefined || name === undefined || ttlMs === undefined)
    throw new Error('usage: lease-holder.child <filename> <name> <ttlMs>');
  const lease = new SqliteProjectionLease({ filename, name, ttlMs: Number(ttlMs) });
  const held = await lease.acquire(new AbortController().signal);
  process.stdout.write(held === null ? 'not held\n' : 'held\n');
  await new Promise(() => undefined);
}

void main();
