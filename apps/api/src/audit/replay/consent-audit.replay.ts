import { clientStreamId, type Region } from '@app/domain';
import {
  addToSummary,
  auditClientHistory,
  consentStateAt,
  emptyConsentAuditSummary,
  type AuditRecord,
  type AuditWindow,
  type ClientAudit,
  type ConsentAuditSummary,
  type ConsentStateEntry,
} from './domain-audit';
import type { EventStore } from '@app/event-store';
import { clientIdOfStream, isClientStream, toAuditRecords } from './audit-records';

export interface ConsentAuditOptions extends AuditWindow {
  readonly clientId?: string;
  readonly region?: Region;
  /** Events per `readAll` page while finding the client streams. */
  readonly pageSize?: number;
}

/** A consent audit never needs every event at once: only one client's stream is held at a time. */
export async function readClientRecords(store: EventStore, clientId: string): Promise<AuditRecord[]> {
  return toAuditRecords(await store.readStream(clientStreamId(clientId)));
}

/**
 * The client streams to audit, in the order they began: every client stream whatever its first event, so that
 * a stream into which a disclosure was written without any registration (which no command can do) is audited
 * too. A registration is always a stream's first event and names the region, so other regions are never read.
 */
async function* clientsToAudit(store: EventStore, options: ConsentAuditOptions): AsyncGenerator<string> {
  if (options.clientId !== undefined) {
    yield options.clientId;
    return;
  }
  let after: bigint | undefined;
  for (;;) {
    const page = await clientIdsAfter(store, after, options);
    if (page === null) return;
    after = page.last;
    yield* page.clientIds;
  }
}

/**
 * One page of client ids. Only the ids outlive this call: the page's events would otherwise stay reachable
 * while its clients are audited, get promoted to the old generation and grow the heap for nothing.
 */
async function clientIdsAfter(
  store: EventStore,
  after: bigint | undefined,
  options: ConsentAuditOptions,
): Promise<{ readonly last: bigint; readonly clientIds: readonly string[] } | null> {
  const page = await store.readAll({
    after,
    maxCount: options.pageSize ?? 1000,
    filter: { streamCategories: ['client'], firstEventsOnly: true },
  });
  const last = page[page.length - 1];
  if (last === undefined) return null;
  const clientIds = page
    .filter(
      (event) =>
        isClientStream(event.streamId) &&
        (options.region === undefined ||
          (event.type === 'ClientRegistered' && event.data.region === options.region)),
    )
    .map((event) => clientIdOfStream(event.streamId));
  return { last: last.position, clientIds };
}

/** Replays every client stream (or one) from the store and judges each disclosure in the window. */
export async function* auditClients(
  store: EventStore,
  options: ConsentAuditOptions = {},
): AsyncGenerator<ClientAudit> {
  for await (const clientId of clientsToAudit(store, options)) {
    const records = await readClientRecords(store, clientId);
    if (records.length === 0) continue;
    const audit = auditClientHistory(clientId, records, options);
    if (options.region !== undefined && audit.region !== options.region) continue;
    yield audit;
  }
}

/** Runs the audit to the end, handing each client's result to `onClient` and returning the totals. */
export async function runConsentAudit(
  store: EventStore,
  options: ConsentAuditOptions,
  onClient: (audit: ClientAudit) => void | Promise<void> = () => undefined,
): Promise<ConsentAuditSummary> {
  let summary = emptyConsentAuditSummary;
  for await (const audit of auditClients(store, options)) {
    summary = addToSummary(summary, audit);
    await onClient(audit);
  }
  return summary;
}

export interface ClientConsentState {
  readonly clientId: string;
  readonly region?: Region;
  readonly consents: readonly ConsentStateEntry[];
}

/** The consents in force at `at`, on both timelines; null when the client's stream does not exist. */
export async function clientConsentStateAt(
  store: EventStore,
  clientId: string,
  at: string,
): Promise<ClientConsentState | null> {
  const records = await readClientRecords(store, clientId);
  if (records.length === 0) return null;
  const registered = records.find((record) => record.event.type === 'ClientRegistered')?.event;
  const region = registered?.type === 'ClientRegistered' ? registered.data.region : undefined;
  return { clientId, ...(region === undefined ? {} : { region }), consents: consentStateAt(records, at) };
}
