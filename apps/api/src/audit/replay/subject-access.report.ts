import { clientStreamId, consentsAsOf, type ClientEvent } from '@app/domain';
import { ERASED, type JsonValue } from '@app/event-store';
import type { AuditStores } from '../audit-stores';
import { readAccessLog, type AccessLogRecord } from './access-log.replay';

export interface RecipientSummary {
  readonly recipient: string;
  readonly purposes: string[];
  readonly dataCategories: string[];
  readonly disclosedAt: string[];
}

export interface SubjectAccessReportData {
  readonly clientId: string;
  readonly generatedAt: string;
  readonly erased: boolean;
  readonly region: string | null;
  readonly registeredAt: string | null;
  /** Opened personal data, or `[erased]` after crypto-shredding. */
  readonly personalData: Record<string, JsonValue>;
  readonly languages: readonly string[];
  readonly needs: readonly string[];
  readonly consents: readonly Record<string, JsonValue>[];
  readonly disclosures: readonly Record<string, JsonValue>[];
  readonly refusals: readonly Record<string, JsonValue>[];
  readonly recipients: readonly RecipientSummary[];
  readonly matches: readonly {
    matchId: string;
    volunteerId: string;
    events: { type: string; at: string }[];
  }[];
  readonly departure: Record<string, JsonValue> | null;
  readonly accessLog: readonly AccessLogRecord[];
}

const asJson = (value: unknown): Record<string, JsonValue> =>
  JSON.parse(JSON.stringify(value)) as Record<string, JsonValue>;

/** Matches naming the client: their streams are found through `MatchProposed`, page by page. */
async function matchesOf(stores: AuditStores, clientId: string): Promise<SubjectAccessReportData['matches']> {
  const found: { matchId: string; volunteerId: string; streamId: string }[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = await stores.sealed.readAll({
      after,
      maxCount: 1000,
      filter: { eventTypes: ['MatchProposed'] },
    });
    const last = page[page.length - 1];
    if (last === undefined) break;
    after = last.position;
    for (const event of page) {
      if (event.data.clientId !== clientId) continue;
      found.push({
        matchId: event.streamId.slice('match-'.length),
        volunteerId: typeof event.data.volunteerId === 'string' ? event.data.volunteerId : '',
        streamId: event.streamId,
      });
    }
  }
  return Promise.all(
    found.map(async ({ matchId, volunteerId, streamId }) => ({
      matchId,
      volunteerId,
      events: (await stores.sealed.readStream(streamId)).map((event) => ({
        type: event.type,
        at: event.metadata.occurredAt,
      })),
    })),
  );
}

/**
 * Everything held about a client (GDPR Art. 15), straight from the event store, including every recipient
 * their data went to (Art. 19). Reads personal data: the caller must record the access first.
 */
export async function buildSubjectAccessReport(
  stores: AuditStores,
  clientId: string,
  now: string,
): Promise<SubjectAccessReportData | null> {
  const events = await stores.opened.readStream(clientStreamId(clientId));
  if (events.length === 0) return null;
  const history = events.map((event) => ({ type: event.type, data: event.data }) as unknown as ClientEvent);
  let personalData: Record<string, JsonValue> = {};
  let region: string | null = null;
  let registeredAt: string | null = null;
  let languages: readonly string[] = [];
  let needs: readonly string[] = [];
  let erased = false;
  let departure: Record<string, JsonValue> | null = null;
  const disclosures: Record<string, JsonValue>[] = [];
  const refusals: Record<string, JsonValue>[] = [];
  const recipients = new Map<string, RecipientSummary>();
  for (const event of history) {
    switch (event.type) {
      case 'ClientRegistered': {
        const { name, contact, dateOfBirth, countryOfOrigin } = event.data;
        personalData = asJson({ name, contact, dateOfBirth, countryOfOrigin });
        region = event.data.region;
        registeredAt = event.data.registeredAt;
        languages = event.data.languages;
        needs = event.data.needs;
        break;
      }
      case 'ClientContactUpdated':
        personalData = { ...personalData, contact: asJson({ contact: event.data.contact }).contact ?? null };
        break;
      case 'InformationDisclosed': {
        disclosures.push(asJson(event.data));
        const summary = recipients.get(event.data.recipient) ?? {
          recipient: event.data.recipient,
          purposes: [],
          dataCategories: [],
          disclosedAt: [],
        };
        if (!summary.purposes.includes(event.data.purpose)) summary.purposes.push(event.data.purpose);
        for (const category of event.data.dataCategories) {
          if (!summary.dataCategories.includes(category)) summary.dataCategories.push(category);
        }
        summary.disclosedAt.push(event.data.disclosedAt);
        recipients.set(event.data.recipient, summary);
        break;
      }
      case 'DisclosureRefused':
        refusals.push(asJson(event.data));
        break;
      case 'ClientPersonalDataErased':
        erased = true;
        break;
      case 'ClientDeparted':
        departure = asJson(event.data);
        break;
      case 'ConsentGiven':
      case 'ConsentWithdrawn':
        break;
    }
  }
  if (erased) personalData = Object.fromEntries(Object.keys(personalData).map((key) => [key, ERASED]));
  const consents = consentsAsOf(history, now).map((asOf) =>
    asJson({
      ...asOf.consent,
      status: asOf.status,
      ...(asOf.withdrawnAt === undefined ? {} : { withdrawnAt: asOf.withdrawnAt }),
    }),
  );
  return {
    clientId,
    generatedAt: now,
    erased,
    region,
    registeredAt,
    personalData,
    languages,
    needs,
    consents,
    disclosures,
    refusals,
    recipients: [...recipients.values()],
    matches: await matchesOf(stores, clientId),
    departure,
    accessLog: await readAccessLog(stores.sealed, clientId, {}),
  };
}
