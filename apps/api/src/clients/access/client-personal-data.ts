import { Injectable } from '@nestjs/common';
import type { GraphQLResolveInfo } from 'graphql';
import { AccessRecorder } from '../../platform/access/access-recorder';
import type { RequestContext } from '../../platform/auth/request-context';
import { fieldsSelectedOn, operationLabel } from './selected-fields';

/** The client fields that are personal data (🔒 in the domain reference). */
export const CLIENT_PERSONAL_FIELDS = ['name', 'contact', 'dateOfBirth', 'countryOfOrigin'] as const;
export type ClientPersonalField = (typeof CLIENT_PERSONAL_FIELDS)[number];

export const ERASED_NAME = '[erased]';

/** What an auditor sees instead of a name: stable per client, meaningless outside the system. */
export const pseudonymOf = (clientId: string): string => `Client ${clientId.slice(0, 8)}`;

/**
 * The gate every read of a client's personal data passes: the access record is written first, once per
 * client per request (all personal fields of the request in one record); if it cannot be written, every
 * personal field of that client in the request is denied.
 */
@Injectable()
export class ClientPersonalDataAccess {
  /** Keyed by the request's context object, so records are shared within a request and collected after it. */
  private readonly recordsByRequest = new WeakMap<RequestContext, Map<string, Promise<void>>>();

  constructor(private readonly recorder: AccessRecorder) {}

  async recordRead(context: RequestContext, info: GraphQLResolveInfo, clientId: string): Promise<void> {
    let records = this.recordsByRequest.get(context);
    if (records === undefined) {
      records = new Map();
      this.recordsByRequest.set(context, records);
    }
    let record = records.get(clientId);
    if (record === undefined) {
      record = this.recorder.record(context, {
        clientId,
        fields: fieldsSelectedOn(info, info.parentType.name, CLIENT_PERSONAL_FIELDS),
        operation: operationLabel(info),
      });
      records.set(clientId, record);
    }
    await record;
  }
}
