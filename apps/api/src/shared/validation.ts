import {
  ValidationPipe,
  type ArgumentMetadata,
  type Type,
  type ValidationError,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';
import { GraphQLError } from 'graphql';
import { compileInputClass, validateFlatInput, type CompiledInputClass } from './compiled-validation';

/** A character a reader can see: whitespace, controls, format characters (U+200B, …) and marks alone are not. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
/** Controls (NUL, newlines, …) and the bidirectional embeddings, overrides and isolates that reorder text. */
const CONTROL_OR_BIDI = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A required text must show something: `"   "` or a lone zero-width space is as missing as `""`. The empty
 * string and non-strings are left to `@IsNotEmpty` and `@IsString`, so that each problem is named once. The
 * domain trims and rejects blanks too, but only one rule at a time and with a domain code; this edge check
 * answers BAD_USER_INPUT together with every other invalid field.
 */
export const IsNotBlank = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || value === '' || VISIBLE.test(value),
        defaultMessage: buildMessage((each) => `${each}$property should not be blank`, options),
      },
    },
    options,
  );

/** Names are shown and printed: control characters and bidi overrides would hide or reorder what they say. */
export const HasNoControlCharacters = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'hasNoControlCharacters',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !CONTROL_OR_BIDI.test(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must not contain control or text-direction characters`,
          options,
        ),
      },
    },
    options,
  );

/** A calendar date (already checked by the Date scalar) on or after `earliest`; never echoes the value. */
export const IsDateNotBefore = (earliest: string, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isDateNotBefore',
      constraints: [earliest],
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || !CALENDAR_DATE.test(value) || value >= earliest,
        defaultMessage: buildMessage((each) => `${each}$property must not be before ${earliest}`, options),
      },
    },
    options,
  );

/** Dates of birth before this are typing errors (the domain holds the same bound). */
export const EARLIEST_DATE_OF_BIRTH = '1900-01-01';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

function flatten(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * One problem as a phrase: class-validator's messages already open with the property's name
 * (`name should not be empty`), which becomes the field's path (`contact.email must be an email`).
 */
export function describeProblem({ field, message }: FieldProblem): string {
  const property = field.slice(field.lastIndexOf('.') + 1);
  return message.startsWith(`${property} `)
    ? `${field}${message.slice(property.length)}`
    : `${field}: ${message}`;
}

/**
 * class-validator on every GraphQL input. A rejected input answers BAD_USER_INPUT naming each invalid field
 * (never echoing values, which may be personal data), and the command never runs.
 *
 * An input of only primitives and lists of them is first checked against the same decorators' constraints,
 * read once per class from class-validator's metadata (`compiled-validation.ts`, ADR 15): through Nest's pipe,
 * class-transformer and class-validator, a mutation's input cost the event loop more than any other step of
 * the request. Whatever that check does not accept, or any class it does not cover, goes through the pipe
 * as before, which also words every error.
 */
export class InputValidationPipe extends ValidationPipe {
  private readonly compiled = new Map<Type<unknown>, CompiledInputClass | null>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const compiled = this.compiledFor(metadata);
    const valid = compiled === null ? undefined : validateFlatInput(compiled, value);
    return valid ?? super.transform(value, metadata);
  }

  private compiledFor(metadata: ArgumentMetadata): CompiledInputClass | null {
    const { metatype } = metadata;
    if (metatype === undefined || !this.toValidate(metadata)) return null;
    let compiled = this.compiled.get(metatype);
    if (compiled === undefined) {
      compiled = compileInputClass(metatype as new () => object);
      this.compiled.set(metatype, compiled);
    }
    return compiled;
  }
}

/** The pipe's settings; the fast path above assumes exactly these (transform, whitelist, no groups). */
export const INPUT_VALIDATION_OPTIONS: ValidationPipeOptions = {
  transform: true,
  whitelist: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
  exceptionFactory: (errors: ValidationError[]) => {
    const fields = flatten(errors);
    return new GraphQLError(`Invalid input: ${fields.map(describeProblem).join('; ')}`, {
      extensions: { code: 'BAD_USER_INPUT', fields },
    });
  },
};

export const inputValidationPipe = new InputValidationPipe(INPUT_VALIDATION_OPTIONS);
