import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig } from '@app/platform';
import { startApi } from '../bootstrap';
import { printApiSchema, SCHEMA_FILE } from '../schema-file';

/** Writes apps/api/schema.gql from a throw-away embedded instance. */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pruvodce-schema-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', JWT_SECRET: 'schema-generation-only' });
  const running = await startApi(config, createLogger('warn'));
  try {
    writeFileSync(SCHEMA_FILE, printApiSchema(running.app));
    console.log(`wrote ${SCHEMA_FILE}`);
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
