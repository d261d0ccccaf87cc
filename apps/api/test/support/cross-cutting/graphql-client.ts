import { newId } from '@app/platform';
import type { TestApp } from '../test-app';

export interface GraphQLErrorBody {
  readonly message?: unknown;
  readonly path?: unknown;
  readonly extensions?: { readonly code?: unknown; readonly [key: string]: unknown };
}

export interface GraphQLBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly GraphQLErrorBody[];
}

/** What came back over HTTP, kept raw: a malformed or non-JSON body is itself a finding. */
export interface RawResponse {
  readonly status: number;
  readonly text: string;
  readonly body: GraphQLBody | null;
  readonly correlationId: string;
}

export interface GraphQLRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly token?: string;
}

/**
 * Like `TestApp.gql`, but tags the request with its own correlation id (so events it may have appended can
 * be told apart from background work) and never throws on a non-JSON answer.
 */
export async function postGraphQL(app: TestApp, request: GraphQLRequest): Promise<RawResponse> {
  const correlationId = `probe-${newId()}`;
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-correlation-id': correlationId,
      ...(request.token === undefined ? {} : { authorization: `Bearer ${request.token}` }),
    },
    body: JSON.stringify({ query: request.query, variables: request.variables }),
  });
  const text = await response.text();
  let body: GraphQLBody | null = null;
  try {
    body = JSON.parse(text) as GraphQLBody;
  } catch {
    body = null;
  }
  return { status: response.status, text, body, correlationId };
}

export const errorCodes = (response: RawResponse): unknown[] =>
  (response.body?.errors ?? []).map((error) => error.extensions?.code);

/** A mutation document selecting only `position`: no personal data is read, so no access record is appended. */
export const positionOnlyMutation = (mutation: string): string => {
  const inputType = `${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Input`;
  return `mutation Probe($input: ${inputType}!) { ${mutation}(input: $input) { position } }`;
};

const STACK_FRAME = /\n\s+at\s|\bat\s+\S+\s+\([^()]*:\d+:\d+\)|node_modules|\/src\/|\.(?:ts|js):\d+/;

/** Whether any part of the errors looks like a stack trace or a source location. */
export function leaksStackTrace(response: RawResponse): boolean {
  return (response.body?.errors ?? []).some(
    (error) =>
      STACK_FRAME.test(typeof error.message === 'string' ? error.message : JSON.stringify(error.message)) ||
      STACK_FRAME.test(JSON.stringify(error.extensions ?? {})) ||
      'stacktrace' in (error.extensions ?? {}),
  );
}
