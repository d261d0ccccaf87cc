import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chainMetadata, GENESIS_HASH, openSqliteEventStore, type JsonObject } from '@app/event-store';
import { newId } from '@app/platform';
import { auditStoresOf } from '../apps/api/src/audit/audit-stores';
import { runConsentAudit } from '../apps/api/src/audit/replay/consent-audit.replay';
import type { ConsentAuditSummary } from '../apps/api/src/audit/replay/domain-audit';
import {
  describeMachine,
  formatTable,
  lastLineOfChild,
  measureInterleaved,
  processMaxRssBytes,
  toMiB,
  writeBenchResults,
  yieldToEventLoop,
} from './support';

const NAME = 'audit';
const EVENTS_PER_CLIENT = 10;
const PAGE_SIZE = 1000;
/** Each workload is a full pass over the store; two interleaved rounds each (readAll, audit, readAll, audit). */
const ROUNDS = 2;
const INSERT_BATCH = 10_000;
const DAY = 24 * 60 * 60 * 1000;
const REGIONS = ['PRAGUE', 'CENTRAL_BOHEMIA', 'LIBEREC'] as const;

function benchScale(): number {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  if (!(Number.isFinite(scale) && scale > 0)) throw new Error('BENCH_SCALE must be a positive number');
  return scale;
}

/** A sealed field as stored: the audit must never need to open one. */
const sealed = (): JsonObject => ({
  $sealed: 1,
  iv: randomBytes(12).toString('base64'),
  ct: randomBytes(24).toString('base64'),
  tag: randomBytes(16).toString('base64'),
});

interface ClientFixture {
  readonly id: string;
  readonly volunteer: string;
  readonly k1: string;
  readonly k2: string;
  readonly region: string;
}

const iso = (millis: number) => new Date(millis).toISOString();

/**
 * A realistic client history of ten events: two consents, four disclosures (one under a legal obligation),
 * one refusal and a withdrawal, all lawful, so that the audit must find no violation.
 */
function clientEvent(
  client: ClientFixture,
  revision: number,
  start: number,
): { type: string; data: JsonObject } {
  const at = iso(start + revision * DAY);
  const disclosure = (id: string, recipient: string, purpose: string, basis: JsonObject): JsonObject => ({
    disclosureId: id,
    recipient,
    purpose,
    dataCategories: ['CONTACT'],
    basis,
    disclosedBy: 'coordinator-1',
    disclosedAt: at,
  });
  const consent = (consentId: string, purposes: string[], recipients: string[]): JsonObject => ({
    consentId,
    purposes,
    dataCategories: ['IDENTITY', 'CONTACT'],
    recipients,
    lawfulBasis: 'CONSENT',
    givenOn: at,
    method: 'WRITTEN_FORM',
    evidenceRef: `FORM-${consentId.slice(0, 8)}`,
    noticeVersion: 'notice-2025-01',
    language: 'uk',
    interpreterUsed: false,
    recordedAt: at,
  });
  switch (revision) {
    case 0:
      return {
        type: 'ClientRegistered',
        data: {
          clientId: client.id,
          name: sealed(),
          contact: sealed(),
          dateOfBirth: sealed(),
          countryOfOrigin: sealed(),
          languages: ['uk', 'cs'],
          region: client.region,
          needs: ['CZECH_PRACTICE'],
          availability: [],
          registeredAt: at,
        },
      };
    case 1:
      return { type: 'ConsentGiven', data: consent(client.k1, ['VOLUNTEER_MATCHING'], [client.volunteer]) };
    case 2:
      return {
        type: 'InformationDisclosed',
        data: disclosure('d1', client.volunteer, 'VOLUNTEER_MATCHING', { consentId: client.k1 }),
      };
    case 3:
      return { type: 'ConsentGiven', data: consent(client.k2, ['REFERRAL'], ['org-legal-aid']) };
    case 4:
      return {
        type: 'InformationDisclosed',
        data: disclosure('d2', 'org-legal-aid', 'REFERRAL', { consentId: client.k2 }),
      };
    case 5:
      return {
        type: 'DisclosureRefused',
        data: {
          disclosureId: 'd3',
          recipient: 'org-other',
          purpose: 'REFERRAL',
          dataCategories: ['CONTACT'],
          reasonCode: 'CONSENT.NOT_IN_FORCE',
          coverageCode: 'CONSENT.RECIPIENT_NOT_COVERED',
          requestedBy: 'coordinator-1',
          refusedAt: at,
        },
      };
    case 6:
      return { type: 'ClientContactUpdated', data: { contact: sealed(), updatedAt: at } };
    case 7:
      return {
        type: 'InformationDisclosed',
        data: disclosure('d4', 'police-cz', 'REFERRAL', { legalObligation: 'Act 273/2008 § 66' }),
      };
    case 8:
      return {
        type: 'ConsentWithdrawn',
        data: { consentId: client.k1, withdrawnOn: at, method: 'ELECTRONIC', recordedAt: at },
      };
    default:
      return {
        type: 'InformationDisclosed',
        data: disclosure('d5', 'org-legal-aid', 'REFERRAL', { consentId: client.k2 }),
      };
  }
}

/**
 * Writes the histories straight into the adapter's tables (correctly hash-chained, as the adapter would), since
 * a million appends through the store would take far longer than the audit being measured. Revisions are
 * interleaved across all clients, so that each client's events lie scattered over the file as in real life.
 */
export async function seed(filename: string, clientCount: number): Promise<number> {
  await openSqliteEventStore({ filename }).close();
  const db = new Database(filename);
  db.pragma('synchronous = OFF');
  const insertEvent = db.prepare(
    'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const upsertStream = db.prepare(
    'INSERT INTO streams (stream_id, revision, last_hash, last_position) VALUES (?, ?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash, last_position = excluded.last_position',
  );
  const clients: ClientFixture[] = Array.from({ length: clientCount }, (_, index) => ({
    id: newId(),
    volunteer: newId(),
    k1: newId(),
    k2: newId(),
    region: REGIONS[index % REGIONS.length] as string,
  }));
  const heads: string[] = clients.map(() => GENESIS_HASH);
  const start = Date.UTC(2024, 0, 1);
  type Row = [number, string, number, string, string, string, string, string];
  const insertRows = db.transaction((rows: readonly Row[], last: boolean) => {
    for (const row of rows) {
      insertEvent.run(...row);
      if (last) upsertStream.run(row[1], row[2], (JSON.parse(row[6]) as { hash: string }).hash, row[0]);
    }
  });
  let position = 0;
  for (let revision = 0; revision < EVENTS_PER_CLIENT; revision += 1) {
    let rows: Row[] = [];
    for (const [index, client] of clients.entries()) {
      const streamId = `client-${client.id}`;
      const { type, data } = clientEvent(client, revision, start + (index % 1000) * 60_000);
      const eventId = newId();
      const at = iso(start + revision * DAY);
      const metadata = chainMetadata({
        streamId,
        revision,
        eventId,
        type,
        data,
        metadata: {
          commandId: newId(),
          correlationId: newId(),
          causationId: null,
          actor: { id: 'coordinator-1', role: 'COORDINATOR' },
          occurredAt: at,
          schemaVersion: 1,
        },
        prevHash: heads[index] as string,
      });
      heads[index] = metadata.hash;
      position += 1;
      rows.push([
        position,
        streamId,
        revision,
        eventId,
        type,
        JSON.stringify(data),
        JSON.stringify(metadata),
        iso(start + revision * DAY),
      ]);
      if (rows.length === INSERT_BATCH) {
        insertRows(rows, revision === EVENTS_PER_CLIENT - 1);
        rows = [];
        await yieldToEventLoop();
      }
    }
    if (rows.length > 0) insertRows(rows, revision === EVENTS_PER_CLIENT - 1);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return position;
}

const SEED_FILE_ENV = 'BENCH_AUDIT_SEED_FILE';
const SEED_CLIENTS_ENV = 'BENCH_AUDIT_SEED_CLIENTS';

/**
 * Seeds in a child process (this module run again), so that the fixtures and chain heads of 100,000 clients
 * never sit in the heap of the process whose peak RSS is measured. The child prints the event count last.
 */
async function seedInChildProcess(filename: string, clientCount: number): Promise<number> {
  const last = await lastLineOfChild(__filename, {
    [SEED_FILE_ENV]: filename,
    [SEED_CLIENTS_ENV]: String(clientCount),
  });
  const events = Number(last);
  if (!Number.isSafeInteger(events)) throw new Error(`seeding child printed no event count: ${last}`);
  return events;
}

if (require.main === module && process.env[SEED_FILE_ENV] !== undefined) {
  seed(process.env[SEED_FILE_ENV], Number(process.env[SEED_CLIENTS_ENV])).then(
    (events) => process.stdout.write(`${events}\n`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export async function run(): Promise<void> {
  const scale = benchScale();
  const clientCount = Math.max(10, Math.round(100_000 * scale));
  const directory = mkdtempSync(join(tmpdir(), 'pruvodce-bench-audit-'));
  const filename = join(directory, 'events.sqlite');
  try {
    const seedStarted = Date.now();
    const events = await seedInChildProcess(filename, clientCount);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    console.log(
      `seeded ${events.toLocaleString('en-US')} events for ${clientCount.toLocaleString('en-US')} clients in ${seedSeconds.toFixed(1)} s (child process)`,
    );

    const store = openSqliteEventStore({ filename });
    const stores = auditStoresOf({ rawEventStore: store, eventStore: store });
    let lastSummary: ConsentAuditSummary | null = null;
    try {
      const results = await measureInterleaved(
        [
          {
            name: 'readAll',
            async round() {
              let read = 0;
              let after: bigint | undefined;
              for (;;) {
                const page = await store.readAll({ after, maxCount: PAGE_SIZE });
                const last = page[page.length - 1];
                if (last === undefined) break;
                read += page.length;
                after = last.position;
              }
              if (read !== events) throw new Error(`readAll saw ${read} of ${events} events`);
              return read;
            },
          },
          {
            name: 'audit',
            async round() {
              lastSummary = await runConsentAudit(stores.sealed, { pageSize: PAGE_SIZE });
              const expected = {
                clients: clientCount,
                disclosures: 4 * clientCount,
                refusals: clientCount,
                violations: 0,
              };
              if (
                JSON.stringify({ ...lastSummary, lateRecordedWithdrawals: undefined }) !==
                JSON.stringify(expected)
              ) {
                throw new Error(`unexpected audit summary ${JSON.stringify(lastSummary)}`);
              }
              return events;
            },
          },
        ],
        ROUNDS,
      );
      const readAll = results.get('readAll');
      const audit = results.get('audit');
      if (readAll === undefined || audit === undefined) throw new Error('missing results');
      const auditVsReadAll = Math.round((audit.eventsPerSecond / readAll.eventsPerSecond) * 100) / 100;
      const peakRssMb = audit.peakRssMiB;
      const rows = [
        { workload: `readAll pages of ${PAGE_SIZE} (raw adapter)`, ...readAll },
        { workload: 'consent audit (per-client replay, sealed)', ...audit },
      ];
      console.log(
        formatTable(rows, [
          { header: 'workload', value: (row) => row.workload },
          { header: 'events', value: (row) => row.events, align: 'right' },
          { header: 'seconds', value: (row) => row.seconds.toFixed(2), align: 'right' },
          { header: 'events/s', value: (row) => row.eventsPerSecond, align: 'right' },
          { header: 'peak RSS MiB', value: (row) => row.peakRssMiB.toFixed(1), align: 'right' },
        ]),
      );
      const processPeak = toMiB(processMaxRssBytes());
      console.log(
        `\nauditVsReadAll ${auditVsReadAll} (target ≥ 0.5); audit peak RSS ${peakRssMb} MiB (target < 300); process peak ${processPeak} MiB`,
      );
      const path = writeBenchResults(NAME, {
        machine: describeMachine(),
        scale,
        clients: clientCount,
        events,
        rounds: ROUNDS,
        seedSeconds,
        workloads: { readAll, audit },
        summary: lastSummary,
        ratios: { auditVsReadAll },
        peakRssMb,
        processPeakRssMb: processPeak,
        targets: { auditVsReadAll: 0.5, peakRssMb: 300 },
      });
      console.log(`results written to ${path}`);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
