import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteCheckpointStore } from './sqlite-checkpoint-store';

describe('SqliteCheckpointStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jobs-checkpoints-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns null before the first checkpoint and the last one stored after', async () => {
    const store = openSqliteCheckpointStore({ filename: ':memory:' });
    expect(await store.get('certificates')).toBeNull();
    await store.set('certificates', 5n);
    await store.set('certificates', 9n);
    await store.set('reminders', 2n);
    expect(await store.get('certificates')).toBe(9n);
    expect(await store.get('reminders')).toBe(2n);
    store.close();
  });

  it('keeps positions beyond 2^53 exactly and across reopening the file', async () => {
    const filename = join(dir, 'checkpoints.db');
    const large = 2n ** 62n + 1n;
    const first = openSqliteCheckpointStore({ filename });
    await first.set('certificates', large);
    first.close();
    const second = openSqliteCheckpointStore({ filename });
    expect(await second.get('certificates')).toBe(large);
    second.close();
  });
});
