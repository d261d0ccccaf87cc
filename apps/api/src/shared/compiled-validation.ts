import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';
import type { ConstraintMetadata } from 'class-validator/types/metadata/ConstraintMetadata';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type InputClass = new () => object;

interface CustomCheck {
  readonly metadata: ValidationMetadata;
  readonly constraints: readonly ConstraintMetadata[];
}

interface PropertyChecks {
  readonly name: string;
  /** `@IsOptional`, `@ValidateIf`: the property is only checked when every condition holds. */
  readonly conditions: readonly ((object: object, value: unknown) => boolean)[];
  readonly checks: readonly CustomCheck[];
}

/** What class-validator would check of one input class, read once from its own metadata. */
export interface CompiledInputClass {
  readonly inputClass: InputClass;
  readonly properties: readonly PropertyChecks[];
  readonly allowed: ReadonlySet<string>;
}

/**
 * Metadata kinds the fast path reproduces. Anything else (nested objects, `@IsDefined`, promises) leaves the
 * class to class-validator alone.
 */
const SUPPORTED_KINDS = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.WHITELIST,
]);

function hasTransformerMetadata(inputClass: InputClass, properties: readonly string[]): boolean {
  return (
    defaultMetadataStorage.getStrategy(inputClass) !== 'none' ||
    defaultMetadataStorage.getExposedMetadatas(inputClass).length > 0 ||
    defaultMetadataStorage.getExcludedMetadatas(inputClass).length > 0 ||
    properties.some(
      (property) =>
        defaultMetadataStorage.findTypeMetadata(inputClass, property) !== undefined ||
        defaultMetadataStorage.findTransformMetadatas(inputClass, property, TransformationType.PLAIN_TO_CLASS)
          .length > 0,
    )
  );
}

/**
 * The checks of an input class as class-validator selects them for a validation without groups, or null when
 * the class uses anything the fast path does not reproduce.
 */
export function compileInputClass(inputClass: InputClass): CompiledInputClass | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(inputClass, '', false, false, undefined);
  if (metadatas.length === 0) return null;
  if (metadatas.some((metadata) => !SUPPORTED_KINDS.has(metadata.type))) return null;
  const grouped = storage.groupByPropertyName(metadatas);
  const names = Object.keys(grouped);
  if (hasTransformerMetadata(inputClass, names)) return null;
  const properties: PropertyChecks[] = [];
  for (const name of names) {
    const own = grouped[name] ?? [];
    const checks: CustomCheck[] = [];
    for (const metadata of own.filter((candidate) => candidate.type === ValidationTypes.CUSTOM_VALIDATION)) {
      const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
      if (constraints.some((constraint) => constraint.async)) return null;
      checks.push({ metadata, constraints });
    }
    const conditions = own
      .filter((metadata) => metadata.type === ValidationTypes.CONDITIONAL_VALIDATION)
      .map((metadata) => metadata.constraints[0] as (object: object, value: unknown) => boolean);
    properties.push({ name, conditions, checks });
  }
  return { inputClass, properties, allowed: new Set(names) };
}

/** A value class-transformer copies as it is: a primitive, or an array of primitives without gaps. */
function isFlat(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function';
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index += 1) {
    if (!(index in value)) return false;
    const element: unknown = value[index];
    if (element !== null && (typeof element === 'object' || typeof element === 'function')) return false;
  }
  return true;
}

/** An object literal (of any realm) or a null-prototype object, as GraphQL builds its input values. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/**
 * The instance class-transformer and class-validator (with `whitelist`) would hand on for a valid input, or
 * undefined when the input is invalid or anything about it is unusual: the caller then runs the libraries
 * themselves, which also word every error. Only flat inputs (primitives and arrays of them) are taken here.
 */
export function validateFlatInput(compiled: CompiledInputClass, input: unknown): object | undefined {
  if (!isPlainObject(input)) return undefined;
  const entity = new compiled.inputClass() as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    const value = input[key];
    if (!isFlat(value)) return undefined;
    // Whitelisting strips what no decorator names; the copy never takes it.
    if (!compiled.allowed.has(key)) continue;
    entity[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  // A field the class declares without any decorator is stripped too, as whitelisting does.
  for (const key of Object.keys(entity)) if (!compiled.allowed.has(key)) delete entity[key];
  for (const property of compiled.properties) {
    const value = entity[property.name];
    if (!property.conditions.every((condition) => condition(entity, value))) continue;
    for (const { metadata, constraints } of property.checks) {
      if (metadata.validateIf !== undefined && !metadata.validateIf(entity, value)) continue;
      const args: ValidationArguments = {
        targetName: compiled.inputClass.name,
        property: metadata.propertyName,
        object: entity,
        value,
        constraints: metadata.constraints,
      };
      for (const constraint of constraints) {
        // Only a plain `true` passes: a promise or a truthy stand-in leaves the input to the libraries.
        const holds = (candidate: unknown): boolean => constraint.instance.validate(candidate, args) === true;
        const valid =
          metadata.each && Array.isArray(value) ? (value as unknown[]).every(holds) : holds(value);
        if (!valid) return undefined;
      }
    }
  }
  return entity;
}
