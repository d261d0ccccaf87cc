import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isInputObjectType, isNonNullType } from 'graphql';
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

  it('gives every mutation one input that takes an optional commandId of one type, so one client variable fits all', () => {
    const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
    const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
    expect(mutations.length).toBeGreaterThanOrEqual(27);
    const commandIdTypes = mutations.map((mutation) => {
      const input = mutation.args.find((argument) => argument.name === 'input');
      const inputType = input === undefined ? undefined : getNamedType(input.type);
      if (inputType === undefined || !isInputObjectType(inputType)) return `${mutation.name}: no input`;
      const commandId = inputType.getFields().commandId;
      if (commandId === undefined) return `${mutation.name}: no commandId`;
      return `${isNonNullType(commandId.type) ? 'required' : 'optional'} ${String(commandId.type)}`;
    });
    expect(new Set(commandIdTypes)).toEqual(new Set(['optional String']));
  });
});
