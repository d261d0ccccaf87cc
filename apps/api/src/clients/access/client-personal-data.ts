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

/** One access record of one request: pending until written, then `done` (a failure stays a rejection). */
interface AccessRecord {
  readonly fields: readonly string[];
  readonly written: Promise<void>;
  done: boolean;
}

/**
 * The gate every read of a client's personal data passes: the access record is written first; if it cannot
 * be written, the personal fields it covers are denied. A request records each client once for all the personal
 * fields one top-level field of the request selects on it, and again only for fields no earlier record of the
 * request covers: the same client read under two aliases, or through `clients` and `client`, with different
 * fields, has every field it returned recorded.
 */
@Injectable()
export class ClientPersonalDataAccess {
  /** Keyed by the request's context object, so records are shared within a request and collected after it. */
  private readonly recordsByRequest = new WeakMap<RequestContext, Map<string, AccessRecord[]>>();

  constructor(private readonly recorder: AccessRecorder) {}

  /** Waits until the request's record covering the field being resolved (`info.fieldName`) is written. */
  async recordRead(context: RequestContext, info: GraphQLResolveInfo, clientId: string): Promise<void> {
    const selected = fieldsSelectedOn(info, 'Client', CLIENT_PERSONAL_FIELDS);
    const fields = selected.includes(info.fieldName) ? selected : [...selected, info.fieldName];
    await this.recordCovering(context, info, clientId, fields, info.fieldName);
  }

  /** Whether this request's record of reading `field` of the client is already written: it can then answer at once. */
  isRecorded(context: RequestContext, clientId: string, field: string): boolean {
    return (
      this.recordsByRequest
        .get(context)
        ?.get(clientId)
        ?.some((record) => record.done && record.fields.includes(field)) === true
    );
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
    await this.recordCovering(context, info, client.id, fields).catch(() => undefined);
  }

  /**
   * Called by `clients` when it filters by name prefix, before it returns. Whether a client's name begins with
   * the prefix is read from the name, so every client listed is a read of its name, whether or not the query
   * selects `name`: one record per client covers the name and the personal fields the query selects on it.
   * A record that fails denies the whole list, since which clients matched is itself what was read.
   */
  async recordNameSearch(
    context: RequestContext,
    info: GraphQLResolveInfo,
    clients: readonly { readonly clientId: string; readonly erased: boolean }[],
  ): Promise<void> {
    const selected = fieldsSelectedOn(info, 'Client', CLIENT_PERSONAL_FIELDS);
    const fields = CLIENT_PERSONAL_FIELDS.filter((field) => field === 'name' || selected.includes(field));
    await Promise.all(
      clients
        .filter((client) => !client.erased)
        .map((client) => this.recordCovering(context, info, client.clientId, fields)),
    );
  }

  /**
   * Writes a record of the `fields` no record of this request covers yet, and waits for the records covering
   * `waitFor` (every one of `fields` when omitted).
   */
  private recordCovering(
    context: RequestContext,
    info: GraphQLResolveInfo,
    clientId: string,
    fields: readonly string[],
    waitFor?: string,
  ): Promise<unknown> {
    let byClient = this.recordsByRequest.get(context);
    if (byClient === undefined) {
      byClient = new Map();
      this.recordsByRequest.set(context, byClient);
    }
    const records = byClient.get(clientId);
    if (records === undefined) {
      // The request's first read of this client (the usual case): one record covering every field asked for.
      const created = this.startRecord(context, info, clientId, fields);
      byClient.set(clientId, [created]);
      return created.written;
    }
    const covered = new Set(records.flatMap((record) => record.fields));
    const missing = fields.filter((field) => !covered.has(field));
    if (missing.length > 0) records.push(this.startRecord(context, info, clientId, missing));
    const needed = waitFor === undefined ? fields : [waitFor];
    const covering = records.filter((record) => record.fields.some((field) => needed.includes(field)));
    return covering.length === 1
      ? (covering[0] as AccessRecord).written
      : Promise.all(covering.map((r) => r.written));
  }

  private startRecord(
    context: RequestContext,
    info: GraphQLResolveInfo,
    clientId: string,
    fields: readonly string[],
  ): AccessRecord {
    const written = this.recorder.record(context, { clientId, fields, operation: operationLabel(info) });
    const created: AccessRecord = { fields, written, done: false };
    written.then(
      () => (created.done = true),
      () => undefined,
    );
    return created;
  }
}
