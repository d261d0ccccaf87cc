import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig } from '@app/platform';
import { startApi } from '../bootstrap';
import { printApiSchema, SCHEMA_FILE } from '../schema-file';

/** Writes apps/api/schema.gql from a throw-away embedded instance. */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-schema-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', JWT_SECRET: 'schema-generation-only' });
    const running = await startApi(config, createLogger('warn'));
    try {
      writeFileSync(SCHEMA_FILE, printApiSchema(running.app));
      console.log(`wrote ${SCHEMA_FILE}`);
    } finally {
      await running.close();
    }
  } finally {
    // Also when the API could not start: the throw-away directory holds a key and stores of its own.
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.length > 2) {
  console.error('usage: npm run schema (it takes no arguments)');
  process.exit(2);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
