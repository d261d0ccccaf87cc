/**
 * Child process of the crash test: runs the tally projection over an SQLite event file into an SQLite
 * read-model file until it has caught up, unless the parent kills it first.
 * Usage: node -r ./infra/register.js projection-crash.child.ts <events.sqlite> <read-models.sqlite>
 */
import { openSqliteEventStore } from '@app/event-store/adapters/sqlite';
import { SqliteDocumentStore } from '../adapters/sqlite';
import { ProjectionRunner } from '../projection-runner';
import { tallyProjection } from './projection-fixtures';

async function main(): Promise<void> {
  const [eventsFile, readModelsFile] = process.argv.slice(2);
  if (eventsFile === undefined || readModelsFile === undefined)
    throw new Error('usage: <events.sqlite> <read-models.sqlite>');
  const eventStore = openSqliteEventStore({ filename: eventsFile, synchronous: 'NORMAL' });
  const documentStore = new SqliteDocumentStore({ filename: readModelsFile });
  const runner = new ProjectionRunner({
    eventStore,
    documentStore,
    projections: [tallyProjection()],
    maxBatchSize: Number(process.env.CRASH_BATCH_SIZE ?? 200),
    logger: {
      info: () => undefined,
      warn: () => undefined,
      error: (fields) =>
        process.stderr.write(
          `${JSON.stringify(fields, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}\n`,
        ),
    },
  });
  const head = await eventStore.headPosition();
  runner.start();
  process.stdout.write('started\n');
  await runner.waitFor(head, ['tallies'], 120_000);
  await runner.stop();
  await documentStore.close();
  await eventStore.close();
  process.stdout.write('caught-up\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? error.name : 'Error'}: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
