import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
} from 'graphql';
import { newId } from '@app/platform';
import { isoDay, isoInstant, type Fixtures } from './fixture-kit';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];

/** One way of making an input invalid, described so that a failing case reads on its own. */
export interface Corruption {
  readonly label: string;
  apply(input: Record<string, Json>): void;
}

interface FieldSlot {
  readonly path: Path;
  readonly type: GraphQLInputType;
  readonly required: boolean;
}

/** fast-check prints counterexamples through this: the label says what was corrupted. */
const corruption = (label: string, apply: Corruption['apply']): Corruption =>
  ({ label, apply, [fc.toStringMethod]: () => label }) as Corruption;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function setAt(target: Record<string, Json>, path: Path, value: Json | undefined): void {
  let node: any = target;
  for (const step of path.slice(0, -1)) {
    if (node[step] === null || typeof node[step] !== 'object')
      node[step] = typeof step === 'number' ? [] : {};
    node = node[step];
  }
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete node[last];
  } else node[last] = value;
}

const getAt = (target: unknown, path: Path): unknown =>
  path.reduce<unknown>(
    (node, step) => (node === null || typeof node !== 'object' ? undefined : (node as any)[step]),
    target,
  );

/** Every field of the input type, nested input objects and the first element of lists of them included. */
export function fieldSlots(type: GraphQLInputObjectType, base: unknown, prefix: Path = []): FieldSlot[] {
  return Object.values(type.getFields()).flatMap((field) => {
    const path = [...prefix, field.name];
    const required = isNonNullType(field.type) && field.defaultValue === undefined;
    const slot: FieldSlot = { path, type: field.type, required };
    const named = getNamedType(field.type);
    if (!isInputObjectType(named)) return [slot];
    const value = getAt(base, path);
    const inner = Array.isArray(value) ? [...path, 0] : path;
    return [slot, ...(getAt(base, inner) === undefined ? [] : fieldSlots(named, base, inner))];
  });
}

/** Fields that carry personal data: their values must never come back in an error. */
export const PERSONAL_FIELDS: readonly string[] = [
  'name',
  'email',
  'phone',
  'address',
  'notes',
  'dateOfBirth',
];

const OVERSIZED = 'x'.repeat(5000);
const NOT_AN_OBJECT = fc.constantFrom<Json>('a string', 42, true);

/** Values that no field of this scalar or enum type accepts. */
function invalidLeaf(type: GraphQLInputType, referencesRecord: boolean): fc.Arbitrary<Json> {
  const named = getNamedType(type);
  if (isEnumType(named)) {
    const values = named.getValues().map((value) => value.name);
    return fc.oneof(
      fc.constantFrom<Json>('', 'UNKNOWN_VALUE', `${values[0]} `, values[0]!.toLowerCase(), 7, true),
      fc.string({ maxLength: 12 }).filter((text) => !values.includes(text)),
    );
  }
  if (!isScalarType(named)) return NOT_AN_OBJECT;
  switch (named.name) {
    case 'DateTime':
      return fc.constantFrom<Json>(
        '',
        'yesterday',
        '2025-13-01T10:00:00Z',
        '2025-02-30T10:00:00Z',
        '2025-01-01T25:61:00Z',
        '2025-01-01T10:00:00',
        '01/02/2025 10:00',
        '9999999-01-01T00:00:00Z',
        1_700_000_000_000,
        false,
      );
    case 'Date':
      return fc.constantFrom<Json>(
        '',
        'today',
        '2025-02-30',
        '2025-13-01',
        '2025-00-10',
        '20250101',
        '2025-1-1',
        '2025-01-01T00:00:00Z',
        '0000-00-00',
        ' 2025-01-01',
        20250101,
      );
    case 'Float':
    case 'Int':
      return fc.constantFrom<Json>(-1, -0.25, 0, 0.1, 1.3, 12.25, 1e308, 2 ** 53, 'two', '1.5', true);
    case 'Boolean':
      return fc.constantFrom<Json>('true', 'yes', 0, 1, 'false');
    case 'ID':
      return fc.oneof(
        fc.constantFrom<Json>(
          '',
          'not-a-uuid',
          "' OR 1=1 --",
          '../../etc/passwd',
          '00000000-0000-0000-0000',
          12,
          true,
        ),
        // A well-formed id of nothing: invalid where it must name a record, merely new for an idempotency key.
        ...(referencesRecord ? [fc.uuid({ version: [4, 7] })] : []),
      );
    default:
      return fc.constantFrom<Json>('', OVERSIZED, 42, false, { nested: 'object' });
  }
}

/** What a field of this type can be corrupted into (keeping to values that are wrong whatever the context). */
function invalidFor(slot: FieldSlot, referencesRecord: boolean): fc.Arbitrary<Json | undefined> {
  const { type } = slot;
  const inner = isNonNullType(type) ? type.ofType : type;
  const options: fc.Arbitrary<Json | undefined>[] = [];
  if (slot.required) options.push(fc.constant(undefined), fc.constant(null));
  if (isListType(inner)) {
    const element = isNonNullType(inner.ofType) ? inner.ofType.ofType : inner.ofType;
    options.push(
      fc.constant([null]),
      (isInputObjectType(element) ? NOT_AN_OBJECT : invalidLeaf(element, referencesRecord)).map((value) => [
        value,
      ]),
      fc.constant({ not: 'a list' }),
    );
  } else if (isInputObjectType(inner)) {
    options.push(NOT_AN_OBJECT, fc.constant([]));
  } else {
    options.push(invalidLeaf(inner, referencesRecord));
  }
  return fc.oneof(...options);
}

const show = (value: Json | undefined): string =>
  value === undefined
    ? 'missing'
    : typeof value === 'string' && value.length > 40
      ? `"${value.length} chars"`
      : JSON.stringify(value);

/**
 * Generic corruptions, derived from the schema's input type alone. `unchecked` names reference fields whose
 * dangling ids are a known defect, tested on their own.
 */
export function schemaCorruption(
  type: GraphQLInputObjectType,
  base: unknown,
  unchecked: readonly string[] = [],
): fc.Arbitrary<Corruption> {
  const slots = fieldSlots(type, base);
  const referencesRecord = (slot: FieldSlot): boolean => {
    const field = String(slot.path[slot.path.length - 1]);
    return field !== 'commandId' && !unchecked.includes(field);
  };
  const wrongValue = fc
    .constantFrom(...slots)
    .chain((slot) => invalidFor(slot, referencesRecord(slot)).map((value) => ({ slot, value })))
    .map(({ slot, value }): Corruption =>
      corruption(`${slot.path.join('.')} := ${show(value)}`, (input) => setAt(input, slot.path, value)),
    );
  const unknownField = fc
    .tuple(fc.constantFrom('isAdmin', 'region2', 'position', 'actor', 'id', 'constructor'), fc.jsonValue())
    .map(([field, value]): Corruption =>
      corruption(`unknown field ${field}`, (input) => {
        if (!(field in type.getFields())) input[field] = value as Json;
      }),
    );
  return fc.oneof({ weight: 5, arbitrary: wrongValue }, { weight: 1, arbitrary: unknownField });
}

const KIND_OF_FIELD: Readonly<Record<string, string>> = {
  volunteerId: 'Volunteer',
  clientId: 'Client',
  matchId: 'Match',
  meetingId: 'Meeting',
  consentId: 'Consent',
  attendees: 'Volunteer',
};

/** Ids of records that exist, but are of another kind than the field asks for. */
export function wrongKindIdCorruption(
  type: GraphQLInputObjectType,
  ids: Fixtures,
  unchecked: readonly string[] = [],
): fc.Arbitrary<Corruption> | null {
  const fields = Object.keys(type.getFields()).filter(
    (name) => KIND_OF_FIELD[name] !== undefined && !unchecked.includes(name),
  );
  if (fields.length === 0) return null;
  return fc.constantFrom(...fields).chain((field) => {
    const kind = KIND_OF_FIELD[field]!;
    const others = Object.entries(ids).filter(
      ([key, value]) => key.endsWith('Id') && !key.toLowerCase().includes(kind.toLowerCase()) && value !== '',
    );
    return fc.constantFrom(...others).map(([key, value]): Corruption =>
      corruption(`${field} := id of ${key}`, (input) => {
        input[field] = field === 'attendees' ? [value] : value;
      }),
    );
  });
}

const targeted = (label: string, patch: (ids: Fixtures) => Record<string, Json | undefined>) => ({
  label,
  patch,
});
type Targeted = ReturnType<typeof targeted>;

/** Corruptions that only make sense for one mutation: its own rules (dates, hours, states, references). */
export const TARGETED_CORRUPTIONS: Readonly<Record<string, readonly Targeted[]>> = {
  acceptMatch: [targeted('already active match', (ids) => ({ matchId: ids.activeMatchId }))],
  activateVolunteer: [targeted('applicant not ready', (ids) => ({ volunteerId: ids.applicantVolunteerId }))],
  approveMeeting: [
    targeted('meeting of nothing', () => ({ meetingId: newId() })),
    targeted('meeting of another match', (ids) => ({ matchId: ids.pausedMatchId })),
  ],
  arrangeInsurance: [targeted('to before from', () => ({ from: isoDay(10), to: isoDay(1) }))],
  declineMatch: [
    targeted('active match', (ids) => ({ matchId: ids.activeMatchId })),
    targeted('free-text reason', () => ({ reasonCode: 'did not like them' })),
  ],
  declineMeeting: [targeted('meeting of nothing', () => ({ meetingId: newId() }))],
  discloseMatchContact: [targeted('proposed match', (ids) => ({ matchId: ids.proposedMatchId }))],
  discloseInformation: [
    targeted('unknown purpose', () => ({ purpose: 'MARKETING' })),
    targeted('no categories', () => ({ dataCategories: [] })),
  ],
  endMatch: [targeted('ends in the future', () => ({ endedOn: isoDay(30) }))],
  eraseClientPersonalData: [targeted('free-text reason', () => ({ reasonCode: 'because they asked' }))],
  giveConsent: [
    targeted('unknown purpose', () => ({ purposes: ['MARKETING'] })),
    targeted('no purposes', () => ({ purposes: [] })),
    targeted('no categories', () => ({ dataCategories: [] })),
    targeted('no recipients', () => ({ recipients: [] })),
    targeted('health on plain consent', () => ({ dataCategories: ['HEALTH'], lawfulBasis: 'CONSENT' })),
    targeted('expires before given', () => ({ givenOn: isoInstant(-1), expiresOn: isoDay(-10) })),
    targeted('language not ISO 639-1', () => ({ language: 'ukrainian' })),
  ],
  logMeeting: [
    targeted('tomorrow', () => ({ date: isoDay(1) })),
    targeted('next year', () => ({ date: isoDay(400) })),
    targeted('before the match', () => ({ date: isoDay(-60) })),
    ...[0, -1, 0.1, 0.125, 1.1, 2.3, 12.25, 13, 1e6].map((hours) =>
      targeted(`hours ${hours}`, () => ({ hours })),
    ),
    targeted('paused match', (ids) => ({ matchId: ids.pausedMatchId })),
    targeted('proposed match', (ids) => ({ matchId: ids.proposedMatchId })),
  ],
  pauseMatch: [targeted('proposed match', (ids) => ({ matchId: ids.proposedMatchId }))],
  pauseVolunteer: [targeted('applicant', (ids) => ({ volunteerId: ids.applicantVolunteerId }))],
  proposeMatch: [
    targeted('applicant volunteer', (ids) => ({ volunteerId: ids.applicantVolunteerId })),
    targeted('paused volunteer', (ids) => ({ volunteerId: ids.pausedVolunteerId })),
  ],
  recordClientDeparture: [targeted('free-text reason', () => ({ reasonCode: 'moved away' }))],
  recordGroupMeeting: [
    targeted('no attendees', () => ({ attendees: [] })),
    targeted('attendee who does not exist', () => ({ attendees: [newId()] })),
  ],
  recordSupervisionSession: [
    targeted('no attendees', () => ({ attendees: [] })),
    targeted('attendee who does not exist', () => ({ attendees: [newId()] })),
  ],
  recordVolunteerLeft: [targeted('free-text reason', () => ({ reasonCode: 'moved away' }))],
  registerClient: [
    targeted('country not ISO 3166', () => ({ countryOfOrigin: 'Ukraine' })),
    targeted('language not ISO 639-1', () => ({ languages: ['ukrainian'] })),
    targeted('bad email', () => ({ email: 'not-an-email' })),
  ],
  registerVolunteer: [
    targeted('ten years old', () => ({ dateOfBirth: isoDay(-3650) })),
    targeted('born tomorrow', () => ({ dateOfBirth: isoDay(1) })),
    targeted('bad email', () => ({ email: 'not-an-email' })),
    targeted('no regions', () => ({ regions: [] })),
  ],
  resumeMatch: [targeted('active match', (ids) => ({ matchId: ids.activeMatchId }))],
  resumeVolunteer: [targeted('active volunteer', (ids) => ({ volunteerId: ids.activeVolunteerId }))],
  revokeCertificate: [
    targeted('unknown number', () => ({ number: 'PRV-1999-00001' })),
    targeted('free-text reason', () => ({ reason: 'issued in error' })),
  ],
  signVolunteerAgreement: [
    targeted('valid until before signed', () => ({ signedOn: isoDay(-1), validUntil: isoDay(-30) })),
  ],
  startVolunteerTraining: [targeted('already training', (ids) => ({ volunteerId: ids.trainingVolunteerId }))],
  updateClientContact: [targeted('bad email', () => ({ email: 'not-an-email' }))],
  withdrawConsent: [targeted('consent that does not exist', () => ({ consentId: newId() }))],
};

export function targetedCorruption(mutation: string, ids: Fixtures): fc.Arbitrary<Corruption> | null {
  const options = TARGETED_CORRUPTIONS[mutation] ?? [];
  if (options.length === 0) return null;
  return fc.constantFrom(...options).map((option): Corruption =>
    corruption(option.label, (input) => {
      for (const [field, value] of Object.entries(option.patch(ids))) setAt(input, [field], value);
    }),
  );
}

export const corrupted = (
  base: Record<string, unknown>,
  corruptions: readonly Corruption[],
): Record<string, Json> => {
  const input = clone(base) as Record<string, Json>;
  for (const corruption of corruptions) corruption.apply(input);
  return input;
};
