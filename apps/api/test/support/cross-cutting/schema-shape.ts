import {
  buildClientSchema,
  getIntrospectionQuery,
  type GraphQLField,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import type { TestApp } from '../test-app';
import { postGraphQL } from './graphql-client';

/** The schema as a client sees it, read over HTTP by introspection (not from the committed schema.gql). */
export async function introspectSchema(app: TestApp, token?: string): Promise<GraphQLSchema> {
  const response = await postGraphQL(app, { query: getIntrospectionQuery(), token });
  const data = response.body?.data as IntrospectionQuery | null | undefined;
  if (data === null || data === undefined)
    throw new Error(`introspection failed with HTTP ${response.status}`);
  return buildClientSchema(data);
}

export type OperationKind = 'query' | 'mutation';

export interface SchemaOperation {
  readonly kind: OperationKind;
  readonly name: string;
  readonly field: GraphQLField<unknown, unknown>;
}

export function schemaOperations(schema: GraphQLSchema): SchemaOperation[] {
  const of = (kind: OperationKind, fields: Record<string, GraphQLField<unknown, unknown>> | undefined) =>
    Object.values(fields ?? {}).map((field) => ({ kind, name: field.name, field }));
  return [
    ...of('query', schema.getQueryType()?.getFields()),
    ...of('mutation', schema.getMutationType()?.getFields()),
  ];
}

/** `query:client`, `mutation:giveConsent`: one key per operation of the schema. */
export const operationKey = (kind: OperationKind, name: string): string => `${kind}:${name}`;
