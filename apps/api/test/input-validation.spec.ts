import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import fc from 'fast-check';
import { newId } from '@app/platform';
import {
  compileInputClass,
  validateFlatInput,
  type CompiledInputClass,
} from '../src/shared/compiled-validation';
import { INPUT_VALIDATION_OPTIONS, describeProblem, inputValidationPipe } from '../src/shared/validation';
import { isoDay, isoInstant, type Fixtures } from './support/cross-cutting/fixture-kit';
import { MUTATION_SPECS } from './support/cross-cutting/mutation-specs';

type InputClass = new () => object;
type Input = Record<string, unknown>;

/** Every exported class of the API's files that declare GraphQL input or argument types, by name. */
function inputClasses(): Map<string, InputClass> {
  const classes = new Map<string, InputClass>();
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('spec.ts') &&
        /@(InputType|ArgsType)\(/.test(readFileSync(path, 'utf8'))
      ) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        for (const [name, value] of Object.entries(require(path) as Record<string, unknown>))
          if (typeof value === 'function') classes.set(name, value as InputClass);
      }
    }
  };
  visit(join(__dirname, '..', 'src'));
  return classes;
}

const CLASSES = inputClasses();
const inputClassOf = (mutation: string): InputClass => {
  const name = `${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Input`;
  const found = CLASSES.get(name);
  if (found === undefined) throw new Error(`no input class ${name}`);
  return found;
};

const IDS: Fixtures = {
  applicantVolunteerId: newId(),
  trainingVolunteerId: newId(),
  readyVolunteerId: newId(),
  activeVolunteerId: newId(),
  pausedVolunteerId: newId(),
  clientId: newId(),
  consentId: newId(),
  proposedMatchId: newId(),
  activeMatchId: newId(),
  pausedMatchId: newId(),
  meetingId: newId(),
  sessionId: newId(),
  certificateNumber: 'PRV-2026-00001',
  certificateCode: 'K7Q2-M9XD',
  certificateVolunteerId: newId(),
};
const MUTATIONS = Object.keys(MUTATION_SPECS).sort();
const validOf = (mutation: string): Input => ({
  commandId: newId(),
  ...(MUTATION_SPECS[mutation] as (typeof MUTATION_SPECS)[string]).input(IDS),
});

/** Values of every valid input (so that a field often gets a value valid for another), and edge cases. */
const LEAVES: readonly unknown[] = [
  ...new Set(
    MUTATIONS.flatMap((mutation) =>
      Object.values(validOf(mutation)).flatMap((value): unknown[] =>
        Array.isArray(value) ? [value, ...(value as unknown[])] : [value],
      ),
    ),
  ),
];
const POOL: readonly unknown[] = [
  ...LEAVES,
  undefined,
  null,
  '',
  '   ',
  '\u200b',
  'Jana\u0000Nováková',
  '\u202ENováková',
  '1899-12-31',
  'x'.repeat(201),
  'x'.repeat(5000),
  'not-a-uuid',
  newId(),
  isoDay(400),
  isoInstant(-3),
  'cs',
  'CS',
  0,
  -1,
  1.5,
  Number.NaN,
  true,
  false,
  [],
  [null],
  ['', 'x'],
  [1, 2],
  { nested: 'object' },
  [{ nested: 'object' }],
];

interface Change {
  readonly field: string;
  readonly value: unknown;
}

function changed(base: Input, changes: readonly Change[]): Input {
  const input: Input = structuredClone(base);
  for (const { field, value } of changes) {
    if (value === undefined) delete input[field];
    else input[field] = structuredClone(value);
  }
  return input;
}

const isFlatValue = (value: unknown): boolean =>
  value === null ||
  typeof value !== 'object' ||
  (Array.isArray(value) && value.every((element) => element === null || typeof element !== 'object'));

/** Nest's own pipe with the API's settings: what the fast path is held to. */
const librariesPipe = new ValidationPipe(INPUT_VALIDATION_OPTIONS);

/** What the libraries alone make of the input: the instance, or the error they throw. */
async function throughLibraries(
  inputClass: InputClass,
  input: Input,
): Promise<{ ok: true; value: object } | { ok: false }> {
  const metadata: ArgumentMetadata = { type: 'body', metatype: inputClass, data: 'input' };
  try {
    return { ok: true, value: (await librariesPipe.transform(structuredClone(input), metadata)) as object };
  } catch {
    return { ok: false };
  }
}

/**
 * Runs one input through the fast path and through the libraries, and requires the same verdict, and on
 * acceptance the same instance. Non-flat inputs may be left to the libraries whatever they decide.
 */
async function sameVerdict(
  inputClass: InputClass,
  compiled: CompiledInputClass,
  input: Input,
): Promise<'accepted' | 'rejected'> {
  const fast = validateFlatInput(compiled, structuredClone(input));
  const libraries = await throughLibraries(inputClass, input);
  if (fast === undefined) {
    if (Object.values(input).every(isFlatValue)) expect(libraries.ok).toBe(false);
    return 'rejected';
  }
  expect(libraries.ok).toBe(true);
  const built = (libraries as { value: object }).value;
  expect(Object.getPrototypeOf(fast)).toBe(inputClass.prototype);
  expect({ ...fast }).toEqual({ ...built });
  expect(Object.keys(fast).sort()).toEqual(Object.keys(built).sort());
  return 'accepted';
}

describe('input validation: the fast path agrees with class-validator', () => {
  it('covers the flat input of every mutation whose input has no nested objects', () => {
    const covered = MUTATIONS.filter((mutation) => compileInputClass(inputClassOf(mutation)) !== null);
    const notCovered = MUTATIONS.filter((mutation) => !covered.includes(mutation));
    // Nested inputs (`@ValidateNested` with `@Type`) stay with the libraries.
    expect(notCovered).toEqual(['registerVolunteer']);
    expect(covered.length).toBe(MUTATIONS.length - 1);
  });

  it('leaves classes with nested validation, and plain values, to the libraries', () => {
    expect(compileInputClass(inputClassOf('registerVolunteer'))).toBeNull();
    const compiled = compileInputClass(inputClassOf('giveConsent'));
    expect(compiled).not.toBeNull();
    for (const value of [null, undefined, 'text', 7, [validOf('giveConsent')], new Date()])
      expect(validateFlatInput(compiled!, value)).toBeUndefined();
    expect(validateFlatInput(compiled!, { ...validOf('giveConsent'), purposes: [{}] })).toBeUndefined();
  });

  it('strips what no decorator names, as whitelisting does', () => {
    const compiled = compileInputClass(inputClassOf('giveConsent'))!;
    const accepted = validateFlatInput(compiled, { ...validOf('giveConsent'), unexpected: 'dropped' });
    expect(accepted).toBeInstanceOf(inputClassOf('giveConsent'));
    expect(accepted).not.toHaveProperty('unexpected');
  });

  it.each(MUTATIONS.filter((mutation) => mutation !== 'registerVolunteer'))(
    '%s: accepts exactly the flat inputs the libraries accept, and hands on the same instance',
    async (mutation) => {
      const inputClass = inputClassOf(mutation);
      const compiled = compileInputClass(inputClass)!;
      const base = validOf(mutation);
      const fields = [...new Set([...Object.keys(base), ...compiled.allowed, 'unexpected'])];
      let accepted = 0;
      let rejected = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ field: fc.constantFrom(...fields), value: fc.constantFrom(...POOL) }), {
            maxLength: 3,
          }),
          async (changes) => {
            if ((await sameVerdict(inputClass, compiled, changed(base, changes))) === 'accepted')
              accepted += 1;
            else rejected += 1;
          },
        ),
        { seed: 20_261_126, numRuns: 150, examples: [[[]]] },
      );
      // Both sides of the boundary were exercised.
      expect(accepted).toBeGreaterThan(0);
      expect(rejected).toBeGreaterThan(0);
    },
  );

  it('agrees with the libraries on the arguments of every query whose arguments are flat', async () => {
    const mutationInputs = new Set(MUTATIONS.map((mutation) => inputClassOf(mutation)));
    const queryClasses = [...CLASSES.entries()].filter(
      ([, inputClass]) => !mutationInputs.has(inputClass) && compileInputClass(inputClass) !== null,
    );
    expect(queryClasses.length).toBeGreaterThanOrEqual(10);
    const acceptedSomewhere: string[] = [];
    for (const [name, inputClass] of queryClasses) {
      const compiled = compileInputClass(inputClass)!;
      const fields = [...compiled.allowed, 'unexpected'];
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              field: fc.constantFrom(...fields),
              value: fc.constantFrom(...POOL, 1, 20, 100, 101, 'PRAGUE', 'ACTIVE', 'Nov'),
            }),
            { maxLength: fields.length + 1 },
          ),
          async (changes) => {
            if ((await sameVerdict(inputClass, compiled, changed({}, changes))) === 'accepted') accepted += 1;
          },
        ),
        { seed: 20_261_126, numRuns: 200 },
      );
      if (accepted > 0) acceptedSomewhere.push(name);
    }
    // Most argument classes have optional fields only, or ones the pool fills validly.
    expect(acceptedSomewhere.length).toBeGreaterThanOrEqual(Math.ceil(queryClasses.length / 2));
  });

  it('is what the API runs: the pipe answers a valid input from the fast path and an invalid one with the fields', async () => {
    const metadata: ArgumentMetadata = { type: 'body', metatype: inputClassOf('giveConsent'), data: 'input' };
    const accepted = await inputValidationPipe.transform(validOf('giveConsent'), metadata);
    expect(accepted).toBeInstanceOf(inputClassOf('giveConsent'));
    await expect(
      inputValidationPipe.transform(
        { ...validOf('giveConsent'), clientId: 'nope', language: 'xx-long' },
        metadata,
      ),
    ).rejects.toMatchObject({
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: expect.arrayContaining([
          expect.objectContaining({ field: 'clientId' }),
          expect.objectContaining({ field: 'language' }),
        ]),
      },
    });
  });

  it('words the summary once per field, with its path, the field named once', async () => {
    const metadata: ArgumentMetadata = {
      type: 'body',
      metatype: inputClassOf('registerClient'),
      data: 'input',
    };
    const refused = inputValidationPipe.transform(
      { ...validOf('registerClient'), name: '', languages: [] },
      metadata,
    );
    await expect(refused).rejects.toMatchObject({
      message: 'Invalid input: name should not be empty; languages should not be empty',
    });
  });
});

describe('input validation: blank and invisible text', () => {
  const refusal = async (mutation: string, patch: Input): Promise<{ fields: string[]; message: string }> => {
    const metadata: ArgumentMetadata = { type: 'body', metatype: inputClassOf(mutation), data: 'input' };
    try {
      await inputValidationPipe.transform({ ...validOf(mutation), ...patch }, metadata);
    } catch (error) {
      const { extensions, message } = error as {
        extensions: { code: string; fields: { field: string }[] };
        message: string;
      };
      expect(extensions.code).toBe('BAD_USER_INPUT');
      return { fields: [...new Set(extensions.fields.map((problem) => problem.field))], message };
    }
    throw new Error(`${mutation} accepted ${JSON.stringify(patch)}`);
  };

  it('names a blank name together with every other invalid field', async () => {
    const { fields } = await refusal('registerClient', {
      name: '   ',
      email: 'not-an-email',
      countryOfOrigin: 'Ukraine',
    });
    expect(fields.sort()).toEqual(['countryOfOrigin', 'email', 'name']);
  });

  it.each([
    ['registerClient', 'a name of a zero-width space', { name: '\u200b' }, 'name'],
    ['registerClient', 'a name with NUL', { name: 'Olena\u0000K.' }, 'name'],
    ['registerClient', 'a name with a right-to-left override', { name: '\u202EOlena' }, 'name'],
    ['registerClient', 'a name with a bidi isolate', { name: 'Olena\u2066K.' }, 'name'],
    ['registerClient', 'a date of birth in 1800', { dateOfBirth: '1800-01-01' }, 'dateOfBirth'],
    ['giveConsent', 'a blank evidenceRef', { evidenceRef: ' \t ' }, 'evidenceRef'],
    ['giveConsent', 'a blank noticeVersion', { noticeVersion: '  ' }, 'noticeVersion'],
    ['giveConsent', 'a blank recipient', { recipients: ['org-legal-aid', '   '] }, 'recipients'],
    ['discloseInformation', 'a blank recipient', { recipient: '   ' }, 'recipient'],
    ['arrangeInsurance', 'a blank policyRef', { policyRef: '   ' }, 'policyRef'],
    ['recordGroupMeeting', 'a blank facilitator', { facilitator: '   ' }, 'facilitator'],
    ['recordSupervisionSession', 'an invisible facilitator', { facilitator: '\u200b' }, 'facilitator'],
    ['recordConsultation', 'empty notes', { notes: '' }, 'notes'],
    ['recordConsultation', 'blank notes', { notes: ' \n ' }, 'notes'],
  ])('%s refuses %s as BAD_USER_INPUT', async (mutation, _what, patch, field) => {
    expect((await refusal(mutation, patch)).fields).toEqual([field]);
  });

  it('words a blank field without echoing it', async () => {
    const { message } = await refusal('registerClient', { name: ' \u200b ' });
    expect(message).toBe('Invalid input: name should not be blank');
  });

  it('accepts names in any script, with inner spaces and punctuation', async () => {
    const metadata: ArgumentMetadata = {
      type: 'body',
      metatype: inputClassOf('registerClient'),
      data: 'input',
    };
    for (const name of ['Олена Коваленко', "Seán O'Brien", 'محمد', 'Nguyễn Thị Minh Khai'])
      await expect(
        inputValidationPipe.transform({ ...validOf('registerClient'), name }, metadata),
      ).resolves.toMatchObject({ name });
  });
});

describe('describeProblem', () => {
  it.each([
    ['name should not be empty', { field: 'name', message: 'name should not be empty' }],
    ['contact.email must be an email', { field: 'contact.email', message: 'email must be an email' }],
    [
      'purposes: each value in purposes must be one of: A, B',
      { field: 'purposes', message: 'each value in purposes must be one of: A, B' },
    ],
    ['names: name is odd', { field: 'names', message: 'name is odd' }],
  ])('says "%s"', (phrase, problem) => {
    expect(describeProblem(problem)).toBe(phrase);
  });
});
