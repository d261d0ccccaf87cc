import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  isRequiredInputField,
  parse,
  validate,
  type GraphQLSchema,
} from 'graphql';
import { SCHEMA_FILE } from '../src/schema-file';

/**
 * The shapes issue 5 calls fixed ("clients are written against them"), transcribed from its text. The committed
 * schema.gql is what the code generates (schema.e2e-spec.ts fails otherwise), so it stands for the served schema.
 *
 * An input field's type is the type string; `OPTIONAL` marks a field the issue lists without a type
 * (`commandId`, `email`, `phone`): it must exist and must not be required.
 */
const OPTIONAL = 'optional, type not fixed';

interface FixedMutation {
  readonly input: Readonly<Record<string, string>>;
  /** The payload selection the issue gives, which must be valid against the schema. */
  readonly payload: string;
}

const FIXED_MUTATIONS: Readonly<Record<string, FixedMutation>> = {
  registerClient: {
    input: {
      commandId: OPTIONAL,
      name: 'String!',
      email: OPTIONAL,
      phone: OPTIONAL,
      dateOfBirth: 'Date',
      countryOfOrigin: 'String!',
      languages: '[String!]!',
      region: 'Region!',
      needs: '[ClientNeed!]!',
    },
    payload: 'client { id name region languages needs } position',
  },
  giveConsent: {
    input: {
      commandId: OPTIONAL,
      clientId: 'ID!',
      purposes: '[String!]!',
      dataCategories: '[DataCategory!]!',
      recipients: '[String!]!',
      lawfulBasis: 'LawfulBasis!',
      givenOn: 'DateTime!',
      expiresOn: 'Date',
      method: 'ConsentMethod!',
      evidenceRef: 'String!',
      noticeVersion: 'String!',
      language: 'String!',
      interpreterUsed: 'Boolean',
    },
    payload: 'consent { id status } position',
  },
  withdrawConsent: {
    input: {
      commandId: OPTIONAL,
      clientId: 'ID!',
      consentId: 'ID!',
      withdrawnOn: 'DateTime',
      method: 'ConsentMethod!',
    },
    payload: 'consent { id status } position',
  },
  discloseInformation: {
    input: {
      commandId: OPTIONAL,
      clientId: 'ID!',
      recipient: 'String!',
      purpose: 'String!',
      dataCategories: '[DataCategory!]!',
      legalObligation: 'String',
    },
    payload: 'outcome disclosureId refusalCode position',
  },
};

const FIXED_ENUMS: Readonly<Record<string, readonly string[]>> = {
  Region: ['PRAGUE', 'CENTRAL_BOHEMIA', 'LIBEREC'],
  DataCategory: [
    'IDENTITY',
    'CONTACT',
    'RESIDENCE_STATUS',
    'FAMILY',
    'EDUCATION_AND_WORK',
    'CASE_NOTES',
    'HEALTH',
    'RELIGION_OR_BELIEF',
    'ETHNIC_ORIGIN',
  ],
  LawfulBasis: ['CONSENT', 'EXPLICIT_CONSENT'],
  ConsentMethod: ['WRITTEN_FORM', 'VERBAL_WITNESSED', 'ELECTRONIC'],
  ClientNeed: ['CZECH_PRACTICE', 'SOCIAL_CONTACT', 'ORIENTATION', 'ACCOMPANIMENT', 'CHILD_TUTORING'],
};

/** `discloseInformation` answers `outcome: DISCLOSED | REFUSED`. */
const DISCLOSURE_OUTCOMES = ['DISCLOSED', 'REFUSED'];

const upperFirst = (name: string): string => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

describe('shapes fixed by the API issue, in the committed schema.gql', () => {
  let schema: GraphQLSchema;
  beforeAll(() => {
    schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
  });

  const mutationField = (name: string) => {
    const field = schema.getMutationType()?.getFields()[name];
    if (field === undefined) throw new Error(`no mutation ${name}`);
    return field;
  };

  const inputTypeOf = (name: string) => {
    const type = schema.getType(`${upperFirst(name)}Input`);
    if (!isInputObjectType(type)) throw new Error(`${upperFirst(name)}Input is not an input type`);
    return type;
  };

  it.each(Object.entries(FIXED_ENUMS))(
    'given the enum %s, when read from the schema, then it has exactly the values the issue lists',
    (name, values) => {
      const type = schema.getType(name);
      expect(isEnumType(type)).toBe(true);
      if (!isEnumType(type)) return;
      expect(new Set(type.getValues().map((value) => value.name))).toEqual(new Set(values));
      expect(type.getValues()).toHaveLength(values.length);
    },
  );

  it.each(Object.keys(FIXED_MUTATIONS))(
    'given the mutation %s, when read from the schema, then it takes one argument `input: XInput!` and returns a non-null XPayload',
    (name) => {
      const field = mutationField(name);
      expect(field.args.map((argument) => `${argument.name}: ${String(argument.type)}`)).toEqual([
        `input: ${upperFirst(name)}Input!`,
      ]);
      expect(String(field.type)).toBe(`${upperFirst(name)}Payload!`);
    },
  );

  it.each(Object.entries(FIXED_MUTATIONS))(
    'given the input of %s, when read from the schema, then every listed field has exactly the type the issue gives',
    (name, { input }) => {
      const fields = inputTypeOf(name).getFields();
      const actual = Object.fromEntries(
        Object.entries(input).map(([field, type]) => {
          const found = fields[field];
          if (found === undefined) return [field, 'missing'];
          if (type === OPTIONAL) return [field, isRequiredInputField(found) ? 'required' : OPTIONAL];
          return [field, String(found.type)];
        }),
      );
      expect(actual).toEqual(input);
    },
  );

  it.each(Object.entries(FIXED_MUTATIONS))(
    'given the input of %s, when read from the schema, then commandId is optional and no field beyond the listed ones is required',
    (name, { input }) => {
      const fields = Object.values(inputTypeOf(name).getFields());
      const commandId = fields.find((field) => field.name === 'commandId');
      const commandIdKind =
        commandId === undefined ? 'missing' : isNonNullType(commandId.type) ? 'required' : 'optional';
      expect(commandIdKind).toBe('optional');
      const extraRequired = fields
        .filter((field) => !(field.name in input))
        .filter((field) => isRequiredInputField(field))
        .map((field) => `${field.name}: ${String(field.type)}`);
      expect(extraRequired).toEqual([]);
    },
  );

  it.each(Object.entries(FIXED_MUTATIONS))(
    'given the payload selection the issue gives for %s, when validated against the schema, then it is a valid operation',
    (name, { payload }) => {
      const document = parse(
        `mutation ($input: ${upperFirst(name)}Input!) { ${name}(input: $input) { ${payload} } }`,
      );
      expect(validate(schema, document).map((error) => error.message)).toEqual([]);
    },
  );

  it.each(Object.keys(FIXED_MUTATIONS))(
    'given the payload of %s, when read from the schema, then position is a String',
    (name) => {
      const payload = getNamedType(mutationField(name).type);
      expect(isObjectType(payload)).toBe(true);
      if (!isObjectType(payload)) return;
      const position = payload.getFields().position;
      expect(position === undefined ? 'missing' : getNamedType(position.type).name).toBe('String');
    },
  );

  it('given the discloseInformation payload, when read from the schema, then outcome is an enum of exactly DISCLOSED and REFUSED', () => {
    const payload = getNamedType(mutationField('discloseInformation').type);
    expect(isObjectType(payload)).toBe(true);
    if (!isObjectType(payload)) return;
    const outcome = payload.getFields().outcome;
    const outcomeType = outcome === undefined ? undefined : getNamedType(outcome.type);
    expect(isEnumType(outcomeType)).toBe(true);
    if (!isEnumType(outcomeType)) return;
    expect(new Set(outcomeType.getValues().map((value) => value.name))).toEqual(new Set(DISCLOSURE_OUTCOMES));
    expect(outcomeType.getValues()).toHaveLength(DISCLOSURE_OUTCOMES.length);
  });
});
