import { readFileSync } from 'node:fs';
import { printApiSchema, SCHEMA_FILE } from '../src/schema-file';
import { startTestApp } from './support/test-app';

describe('committed schema.gql', () => {
  it('equals the schema the code generates (run `npm run schema` after changing the API)', async () => {
    const app = await startTestApp();
    try {
      expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printApiSchema(app.nest));
    } finally {
      await app.close();
    }
  });
});
