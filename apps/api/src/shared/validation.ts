import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { GraphQLError } from 'graphql';

interface FieldProblem {
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
 * class-validator on every GraphQL input. A rejected input answers BAD_USER_INPUT naming each invalid field
 * (never echoing values, which may be personal data), and the command never runs.
 */
export const inputValidationPipe = new ValidationPipe({
  transform: true,
  whitelist: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
  exceptionFactory: (errors: ValidationError[]) => {
    const fields = flatten(errors);
    return new GraphQLError(
      `Invalid input: ${fields.map((problem) => `${problem.field} ${problem.message}`).join('; ')}`,
      {
        extensions: { code: 'BAD_USER_INPUT', fields },
      },
    );
  },
});
