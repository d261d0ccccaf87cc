import type {
  CollectionSpec,
  FieldSpec,
  FieldType,
  Filter,
  FindOptions,
  JsonObject,
  JsonValue,
  Page,
  ScalarValue,
  SortKey,
  StoredDocument,
} from './document-store.port';
import {
  InvalidCollectionSpecError,
  InvalidCursorError,
  InvalidDocumentError,
  InvalidQueryError,
} from './errors';

/**
 * The adapter-neutral half of the DocumentStore: spec, filter, sort and cursor validation, so that both adapters
 * accept and reject exactly the same queries.
 */
const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}(\.[A-Za-z][A-Za-z0-9_]{0,62}){0,4}$/;
const FIELD_TYPES: readonly FieldType[] = ['string', 'number', 'boolean', 'string[]'];
export const ID_FIELD: FieldSpec = { name: 'id', type: 'string' };
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export function assertValidCollectionName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw new InvalidCollectionSpecError(
      'name must be lower case letters, digits and underscores, starting with a letter',
    );
  }
}

export function assertValidCollectionSpec(spec: CollectionSpec): void {
  assertValidCollectionName(spec.name);
  if (!Array.isArray(spec.fields)) throw new InvalidCollectionSpecError('fields must be an array');
  const seen = new Set<string>();
  for (const field of spec.fields as readonly FieldSpec[]) {
    if (typeof field.name !== 'string' || !FIELD_NAME.test(field.name) || field.name === 'id') {
      throw new InvalidCollectionSpecError(
        `field name ${JSON.stringify(String(field.name))} is not a plain property path (and not "id")`,
      );
    }
    if (seen.has(field.name)) throw new InvalidCollectionSpecError(`field ${field.name} declared twice`);
    seen.add(field.name);
    if (!FIELD_TYPES.includes(field.type))
      throw new InvalidCollectionSpecError(`field ${field.name} has an unknown type`);
    if (field.text === true && field.type !== 'string')
      throw new InvalidCollectionSpecError(`text field ${field.name} must be a string`);
  }
}

/** Lower-cased form used for prefix search; NFC first so that composed and decomposed accents compare equal. */
export const foldText = (value: string): string => value.normalize('NFC').toLowerCase();

export function readPath(document: JsonObject, path: string): JsonValue | undefined {
  // Most declared fields are top-level: read them without splitting the path on every document written.
  if (!path.includes('.')) return document[path];
  let current: JsonValue | undefined = document;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = current[segment];
  }
  return current;
}

/** Declared fields must hold their declared type (or be absent/null) so that both adapters sort them alike. */
export function assertDocumentMatchesSpec(spec: CollectionSpec, data: JsonObject): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InvalidDocumentError(spec.name, '(root)', 'must be an object');
  }
  for (const field of spec.fields) {
    const value = readPath(data, field.name);
    if (value === undefined || value === null) continue;
    const ok =
      field.type === 'string[]'
        ? Array.isArray(value) && value.every((item) => typeof item === 'string')
        : field.type === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === field.type;
    if (!ok)
      throw new InvalidDocumentError(
        spec.name,
        field.name,
        `must be ${field.type === 'string[]' ? 'an array of strings' : `a ${field.type}`}`,
      );
  }
}

export type ConditionOperator = 'eq' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'prefix';

export interface Condition {
  readonly field: FieldSpec;
  readonly operator: ConditionOperator;
  /** For `prefix` already folded; for `in` an array. */
  readonly value: ScalarValue | null | readonly ScalarValue[];
}

const OPERATORS: Record<string, ConditionOperator> = {
  $eq: 'eq',
  $in: 'in',
  $gt: 'gt',
  $gte: 'gte',
  $lt: 'lt',
  $lte: 'lte',
  $contains: 'contains',
  $prefix: 'prefix',
};

function fieldOf(spec: CollectionSpec, name: string): FieldSpec {
  if (name === 'id') return ID_FIELD;
  const field = spec.fields.find((candidate) => candidate.name === name);
  if (!field) throw new InvalidQueryError(`field ${name} is not declared in ${spec.name}`);
  return field;
}

function assertScalarOfType(
  field: FieldSpec,
  value: unknown,
  operator: ConditionOperator,
): asserts value is ScalarValue {
  const expected = field.type === 'string[]' ? 'string' : field.type;
  const ok =
    expected === 'number' ? typeof value === 'number' && Number.isFinite(value) : typeof value === expected;
  if (!ok) throw new InvalidQueryError(`${operator} on ${field.name} expects a ${expected}`);
}

function condition(field: FieldSpec, operator: ConditionOperator, value: unknown): Condition {
  if (field.type === 'string[]' && operator !== 'contains') {
    throw new InvalidQueryError(`${field.name} is a string[]: only $contains applies`);
  }
  switch (operator) {
    case 'eq':
      if (value !== null) assertScalarOfType(field, value, operator);
      return { field, operator, value: value };
    case 'in':
      if (!Array.isArray(value)) throw new InvalidQueryError(`$in on ${field.name} expects an array`);
      for (const item of value as unknown[]) assertScalarOfType(field, item, operator);
      return { field, operator, value: value as ScalarValue[] };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (field.type === 'boolean')
        throw new InvalidQueryError(`ranges do not apply to boolean ${field.name}`);
      assertScalarOfType(field, value, operator);
      return { field, operator, value };
    case 'contains':
      if (field.type !== 'string[]')
        throw new InvalidQueryError(`$contains applies only to string[] fields, not ${field.name}`);
      assertScalarOfType(field, value, operator);
      return { field, operator, value };
    case 'prefix':
      if (field.text !== true)
        throw new InvalidQueryError(`$prefix applies only to text fields, not ${field.name}`);
      if (typeof value !== 'string') throw new InvalidQueryError(`$prefix on ${field.name} expects a string`);
      return { field, operator, value: foldText(value) };
  }
}

export function parseFilter(spec: CollectionSpec, filter: Filter | undefined): Condition[] {
  if (filter === undefined) return [];
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter))
    throw new InvalidQueryError('filter must be an object');
  const conditions: Condition[] = [];
  for (const [name, raw] of Object.entries(filter)) {
    const field = fieldOf(spec, name);
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      const entries = Object.entries(raw);
      if (entries.length === 0) throw new InvalidQueryError(`empty condition on ${name}`);
      for (const [key, value] of entries) {
        const operator = OPERATORS[key];
        if (!operator) throw new InvalidQueryError(`unsupported operator ${key} on ${name}`);
        conditions.push(condition(field, operator, value));
      }
    } else {
      conditions.push(condition(field, 'eq', raw));
    }
  }
  return conditions;
}

export interface ResolvedSortKey {
  readonly field: FieldSpec;
  readonly descending: boolean;
}

/** The requested keys followed by `id` ascending, unless `id` already appears. */
export function parseSort(spec: CollectionSpec, sort: readonly SortKey[] | undefined): ResolvedSortKey[] {
  const keys: ResolvedSortKey[] = [];
  for (const key of sort ?? []) {
    const field = fieldOf(spec, key.field);
    if (field.type === 'string[]') throw new InvalidQueryError(`cannot sort on string[] field ${field.name}`);
    if (key.direction !== undefined && key.direction !== 'asc' && key.direction !== 'desc') {
      throw new InvalidQueryError(`sort direction of ${field.name} must be asc or desc`);
    }
    if (keys.some((existing) => existing.field.name === field.name))
      throw new InvalidQueryError(`${field.name} sorted twice`);
    keys.push({ field, descending: key.direction === 'desc' });
    if (field === ID_FIELD) return keys;
  }
  keys.push({ field: ID_FIELD, descending: false });
  return keys;
}

export function pageSize(options: FindOptions): number {
  const first = options.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new InvalidQueryError(`first must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  }
  return first;
}

export type SortValue = string | number | boolean | null;

/** The sort values of a document, in the order of `keys` (the last one always being the id). */
export function sortValuesOf(keys: readonly ResolvedSortKey[], id: string, data: JsonObject): SortValue[] {
  return keys.map(({ field }) => {
    if (field === ID_FIELD) return id;
    const value = readPath(data, field.name);
    return value === undefined || value === null || typeof value === 'object' ? null : value;
  });
}

/** A page of `items`, already cut to the page size and sorted by `keys`, with its cursors (see `Page`). */
export function pageOf<T extends JsonObject>(
  keys: readonly ResolvedSortKey[],
  items: readonly StoredDocument<T>[],
  hasNextPage: boolean,
): Page<T> {
  const cursorAt = (index: number): string => {
    const item = items[index];
    if (item === undefined) throw new RangeError(`this page has no item ${index}`);
    return encodeCursor(sortValuesOf(keys, item.id, item.data));
  };
  return { items, endCursor: items.length === 0 ? null : cursorAt(items.length - 1), hasNextPage, cursorAt };
}

export function encodeCursor(values: readonly SortValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(keys: readonly ResolvedSortKey[], cursor: string): SortValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(values) || values.length !== keys.length) throw new InvalidCursorError();
  keys.forEach(({ field }, index) => {
    const value: unknown = values[index];
    if (value === null && field !== ID_FIELD) return;
    const ok =
      field.type === 'number'
        ? typeof value === 'number' && Number.isFinite(value)
        : typeof value === field.type;
    if (!ok) throw new InvalidCursorError();
  });
  return values as SortValue[];
}

export type KeysetAtom =
  | { readonly field: FieldSpec; readonly test: 'isNull' | 'notNull' }
  | {
      readonly field: FieldSpec;
      readonly test: 'eq' | 'gt' | 'lt';
      readonly value: string | number | boolean;
    };

/** All of `equal` and any of `after`. */
export interface KeysetClause {
  readonly equal: readonly KeysetAtom[];
  readonly after: readonly KeysetAtom[];
}

/**
 * "Strictly after the cursor" under the sort as a disjunction of clauses. Absent values order before any value
 * (as both SQLite and MongoDB order them), so they come first ascending and last descending.
 */
export function keysetClauses(
  keys: readonly ResolvedSortKey[],
  values: readonly SortValue[],
): KeysetClause[] {
  const clauses: KeysetClause[] = [];
  const equal: KeysetAtom[] = [];
  keys.forEach(({ field, descending }, index) => {
    const value = values[index] ?? null;
    const after: KeysetAtom[] =
      value === null
        ? descending
          ? []
          : [{ field, test: 'notNull' }]
        : descending
          ? [
              { field, test: 'lt', value },
              { field, test: 'isNull' },
            ]
          : [{ field, test: 'gt', value }];
    if (after.length > 0) clauses.push({ equal: [...equal], after });
    equal.push(value === null ? { field, test: 'isNull' } : { field, test: 'eq', value });
  });
  return clauses;
}
