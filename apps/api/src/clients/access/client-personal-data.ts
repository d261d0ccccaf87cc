import { Injectable } from '@nestjs/common';
import type { GraphQLResolveInfo } from 'graphql';
import { AccessRecorder } from '../../platform/access/access-recorder';
import type { RequestContext } from '../../platform/auth/request-context';
import type { ClientType } from '../model/client.types';
import { fieldsSelectedOn, operationLabel } from './selected-fields';

/** The client fields that are personal data (🔒 in the domain reference). */
export const CLIENT_PERSONAL_FIELDS = ['name', 'contact', 'dateOfBirth', 'countryOfOrigin'] as const;
export type ClientPersonalField = (typeof CLIENT_PERSONAL_FIELDS)[number];

export const ERASED_NAME = '[erased]';

/** What an auditor sees instead of a name: stable per client, meaningless outside the system. */
export const pseudonymOf = (clientId: string): string => `Client ${clientId.slice(0, 8)}`;

/**
 * What a caller is shown of a client's personal fields: nothing without sign-in, pseudonyms to an auditor, what
 * erasure left, or the data itself, which alone is a read to record.
 */
export type PersonalDataView = 'NONE' | 'PSEUDONYM' | 'ERASED' | 'DATA';

export function personalDataView(context: RequestContext, client: ClientType): PersonalDataView {
  const { principal } = context;
  if (principal === null) return 'NONE';
  if (principal.role === 'AUDITOR') return 'PSEUDONYM';
  return client.document.erased ? 'ERASED' : 'DATA';
}

/** One access record of one request: pending until written, then `written` (a failure stays a rejection). */
interface AccessRecord {
  readonly written: Promise<void>;
  done: boolean;
}

/**
 * The gate every read of a client's personal data passes: the access record is written first, once per
 * client per request (all personal fields of the request in one record); if it cannot be written, every
 * personal field of that client in the request is denied.
 */
@Injectable()
export class ClientPersonalDataAccess {
  /** Keyed by the request's context object, so records are shared within a request and collected after it. */
  private readonly recordsByRequest = new WeakMap<RequestContext, Map<string, AccessRecord>>();

  constructor(private readonly recorder: AccessRecorder) {}

  async recordRead(context: RequestContext, info: GraphQLResolveInfo, clientId: string): Promise<void> {
    await this.recordOf(context, info, clientId).written;
  }

  /** Whether this request's record of reading the client is already written: its fields can then answer at once. */
  isRecorded(context: RequestContext, clientId: string): boolean {
    return this.recordsByRequest.get(context)?.get(clientId)?.done === true;
  }

  /**
   * Called by a resolver that returns one client, before it returns: the record is written while the request
   * is still in the resolver, and the personal fields then resolve without waiting one by one. Nothing is
   * recorded when the query selects no personal field of the client, or when the caller would not see them
   * (an auditor sees pseudonyms; an erased client has nothing left). A record that fails is not this
   * resolver's to report: each personal field then answers `ACCESS.NOT_RECORDED`, the rest of the client stays.
   */
  async recordAhead(context: RequestContext, info: GraphQLResolveInfo, client: ClientType): Promise<void> {
    if (personalDataView(context, client) !== 'DATA') return;
    const fields = fieldsSelectedOn(info, 'Client', CLIENT_PERSONAL_FIELDS);
    if (fields.length === 0) return;
    await this.recordOf(context, info, client.id, fields).written.catch(() => undefined);
  }

  private recordOf(
    context: RequestContext,
    info: GraphQLResolveInfo,
    clientId: string,
    fields?: readonly string[],
  ): AccessRecord {
    let records = this.recordsByRequest.get(context);
    if (records === undefined) {
      records = new Map();
      this.recordsByRequest.set(context, records);
    }
    let record = records.get(clientId);
    if (record === undefined) {
      const written = this.recorder.record(context, {
        clientId,
        fields: fields ?? fieldsSelectedOn(info, 'Client', CLIENT_PERSONAL_FIELDS),
        operation: operationLabel(info),
      });
      const created: AccessRecord = { written, done: false };
      written.then(
        () => (created.done = true),
        () => undefined,
      );
      record = created;
      records.set(clientId, record);
    }
    return record;
  }
}
