import { GraphQLError } from 'graphql';
import type { Rejection } from '@app/domain';
import { CommandConflictError, EventStoreError, InvalidEventDataError } from '@app/event-store';
import { ProjectionTimeoutError } from '@app/read-models';

/** A domain rejection as the client sees it: the stable code in `extensions.code`, the field when known. */
export function rejectionError(rejection: Rejection): GraphQLError {
  return new GraphQLError(rejection.message, {
    extensions: {
      code: rejection.code,
      ...(rejection.field === undefined ? {} : { field: rejection.field }),
    },
  });
}

export const notFound = (what: string): GraphQLError =>
  new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });

export const badInput = (field: string, message: string): GraphQLError =>
  new GraphQLError(`${field}: ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', fields: [{ field, message }] },
  });

/** Maps the infrastructure's typed errors to coded client errors; anything else stays internal. */
export function toClientError(error: unknown): unknown {
  if (error instanceof GraphQLError) return error;
  if (error instanceof CommandConflictError) {
    return new GraphQLError(
      'The record changed while the command ran; send it again with the same commandId',
      {
        extensions: { code: 'CONFLICT' },
      },
    );
  }
  if (error instanceof ProjectionTimeoutError) {
    return new GraphQLError('The change was recorded but is not readable yet; query again shortly', {
      extensions: { code: 'READ_MODEL.LAGGING' },
    });
  }
  if (error instanceof InvalidEventDataError) {
    return new GraphQLError('The input cannot be stored as given', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  if (error instanceof EventStoreError && error.code === 'PERSONAL_DATA.SUBJECT_ERASED') {
    return new GraphQLError("This person's personal data was erased", {
      extensions: { code: 'CLIENT.ERASED' },
    });
  }
  return error;
}
