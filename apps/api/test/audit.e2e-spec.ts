import { join } from 'node:path';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { newId } from '@app/platform';
import type { Runtime } from '../../worker/src/runtime/runtime';
import { AuditProgram, pause } from '../src/audit/testing/audit-program';
import { RUNTIME } from '../src/platform/tokens';
import { startTestApp, type TestApp } from './support/test-app';

const CONSENT_AUDIT = `query($from: DateTime, $to: DateTime, $clientId: ID, $region: Region) {
  consentAudit(from: $from, to: $to, clientId: $clientId, region: $region) {
    clients disclosures refusals violations lateRecordedWithdrawals
    entries { kind disclosureId clientId at recipient purpose dataCategories verdict consentId legalObligation
      reasonCode reason timelines consent { consentId givenOn method evidenceRef noticeVersion }
      actual { verdict reasonCode reason } }
  }
}`;

/** pdf.js needs ES-module dynamic imports, which jest's VM does not offer: the text is extracted in a child Node. */
async function pdfText(pdf: Buffer): Promise<string> {
  const script = `const { PDFParse } = require('pdf-parse');
    const chunks = []; process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
      const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
      process.stdout.write((await parser.getText()).text); await parser.destroy(); });`;
  const child = promisify(execFile)(process.execPath, ['-e', script], {
    cwd: join(__dirname, '..', '..', '..'),
  });
  child.child.stdin?.end(pdf);
  return (await child).stdout;
}

interface Identified {
  readonly disclosureId: string;
}
const idsOf = (entries: unknown): string[] => (entries as Identified[]).map((entry) => entry.disclosureId);

const codeOf = (response: { errors?: { extensions?: { code?: string } }[] }) =>
  response.errors?.[0]?.extensions?.code;

describe('audit (GraphQL)', () => {
  let app: TestApp;
  let runtime: Runtime;
  let program: AuditProgram;
  let auditor: string;
  let admin: string;
  let coordinator: string;
  const volunteer = newId();
  const prague = newId();
  const liberec = newId();
  const consentA = newId();
  const consentB = newId();
  const times: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    runtime = app.nest.get<Runtime>(RUNTIME);
    program = new AuditProgram(runtime.eventStore);
    [auditor, admin, coordinator] = await Promise.all([
      app.token('AUDITOR'),
      app.token('ADMIN'),
      app.token('COORDINATOR', ['PRAGUE', 'LIBEREC']),
    ]);
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    await program.register(prague, 'PRAGUE');
    await program.give(prague, consentA, [volunteer], hourAgo);
    times.d1 = await program.disclose(prague, 'd1', volunteer);
    await program.disclose(prague, 'd2', 'police-cz', 'Act 273/2008 § 66');
    await pause();
    times.beforeWithdrawal = new Date().toISOString();
    await pause();
    // Recorded now, effective half an hour ago: before d1 was disclosed.
    await program.withdraw(prague, consentA, new Date(Date.now() - 30 * 60 * 1000).toISOString());
    await program.disclose(prague, 'd3', volunteer);
    await program.register(liberec, 'LIBEREC', 'Jiří Dvořák');
    await program.give(liberec, consentB, [volunteer], hourAgo);
    await program.disclose(liberec, 'd4', volunteer);
  }, 30_000);

  afterAll(() => app.close());

  it('finds no violation in a program built through the commands, and judges each disclosure', async () => {
    const response = await app.gql(CONSENT_AUDIT, {}, auditor);
    app.expectNoErrors(response);
    const audit = response.data?.consentAudit;
    expect(audit).toMatchObject({
      clients: 2,
      disclosures: 3,
      refusals: 1,
      violations: 0,
      lateRecordedWithdrawals: 1,
    });
    const byId = Object.fromEntries(
      (audit.entries as Identified[]).map((entry) => [entry.disclosureId, entry]),
    );
    expect(byId.d1).toMatchObject({
      verdict: 'COVERED_BY_CONSENT',
      consentId: consentA,
      consent: {
        method: 'WRITTEN_FORM',
        evidenceRef: `FORM-${consentA.slice(0, 8)}`,
        noticeVersion: 'notice-2025-01',
      },
      timelines: 'LATE_RECORDED_WITHDRAWAL',
      actual: { verdict: 'VIOLATION', reasonCode: 'CONSENT.WITHDRAWN' },
      at: times.d1,
      dataCategories: ['CONTACT'],
    });
    expect(byId.d2).toMatchObject({
      verdict: 'LEGAL_OBLIGATION',
      legalObligation: 'Act 273/2008 § 66',
      timelines: 'CONSISTENT',
    });
    expect(byId.d3).toMatchObject({ kind: 'REFUSAL', verdict: 'REFUSED', reasonCode: 'CONSENT.WITHDRAWN' });
    expect(byId.d4).toMatchObject({ verdict: 'COVERED_BY_CONSENT', clientId: liberec });
  });

  it('narrows by region, client and time window', async () => {
    const region = await app.gql(CONSENT_AUDIT, { region: 'LIBEREC' }, auditor);
    expect(idsOf(region.data?.consentAudit.entries)).toEqual(['d4']);
    const client = await app.gql(CONSENT_AUDIT, { clientId: prague }, admin);
    expect(client.data?.consentAudit).toMatchObject({ clients: 1, disclosures: 2, refusals: 1 });
    const window = await app.gql(CONSENT_AUDIT, { from: times.d1, to: times.d1 }, auditor);
    expect(idsOf(window.data?.consentAudit.entries)).toEqual(['d1']);
    expect(codeOf(await app.gql(CONSENT_AUDIT, { clientId: newId() }, auditor))).toBe('NOT_FOUND');
  });

  it('rejects invalid arguments naming the field', async () => {
    const badId = await app.gql(CONSENT_AUDIT, { clientId: 'client-1; drop' }, auditor);
    expect(codeOf(badId)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(badId.errors)).toContain('clientId');
    const reversed = await app.gql(
      CONSENT_AUDIT,
      { from: times.d1, to: (times.beforeWithdrawal ?? '').replace(/^\d{4}/, '2000') },
      auditor,
    );
    expect(codeOf(reversed)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(reversed.errors)).toContain('to');
  });

  it('shows the consent state at a past instant on both timelines', async () => {
    const query = `query($clientId: ID!, $at: DateTime!) { consentStateAt(clientId: $clientId, at: $at) {
      clientId region consents { consent { consentId } recipients known { status withdrawnAt } actual { status withdrawnAt } timelines } } }`;
    const then = await app.gql(query, { clientId: prague, at: times.beforeWithdrawal }, auditor);
    app.expectNoErrors(then);
    expect(then.data?.consentStateAt).toMatchObject({
      region: 'PRAGUE',
      consents: [
        {
          consent: { consentId: consentA },
          recipients: [volunteer],
          known: { status: 'IN_FORCE', withdrawnAt: null },
          actual: { status: 'WITHDRAWN' },
          timelines: 'LATE_RECORDED_WITHDRAWAL',
        },
      ],
    });
    const now = await app.gql(query, { clientId: prague, at: new Date().toISOString() }, auditor);
    expect(now.data?.consentStateAt.consents[0]).toMatchObject({
      known: { status: 'WITHDRAWN' },
      timelines: 'CONSISTENT',
    });
  });

  it('shows an audit trail with actors and ids, personal data only to admins, and logs the admin read', async () => {
    const query = `query($id: ID!) { auditTrail(subjectId: $id) { subjectType personalDataShown
      events { type revision actor { id role } occurredAt recordedAt correlationId commandId data } } }`;
    const accessLog = `query($id: ID!) { accessLog(clientId: $id) { entries { accessedBy role operation fields accessedAt } } }`;
    const asAuditor = await app.gql(query, { id: prague }, auditor);
    const trail = asAuditor.data?.auditTrail;
    expect(trail).toMatchObject({ subjectType: 'client', personalDataShown: false });
    expect(trail.events[0]).toMatchObject({
      type: 'ClientRegistered',
      revision: 0,
      actor: { id: 'coordinator-1', role: 'COORDINATOR' },
    });
    expect(trail.events[0].commandId).toEqual(expect.any(String));
    expect(JSON.stringify(trail)).not.toContain('Šárka');
    expect(JSON.parse(trail.events[0].data).name).toBe('[withheld]');
    expect((await app.gql(accessLog, { id: prague }, auditor)).data?.accessLog.entries).toEqual([]);

    const asAdmin = await app.gql(query, { id: prague }, admin);
    expect(JSON.parse(asAdmin.data?.auditTrail.events[0].data).name).toBe('Šárka Nováková');
    const log = await app.gql(accessLog, { id: prague }, auditor);
    expect(log.data?.accessLog.entries).toEqual([
      expect.objectContaining({
        accessedBy: 'admin-1',
        role: 'ADMIN',
        operation: 'query auditTrail',
        fields: expect.arrayContaining(['name', 'contact']),
      }),
    ]);
    const future = new Date(Date.now() + 60_000).toISOString();
    const empty = await app.gql(
      `query($id: ID!, $from: DateTime) { accessLog(clientId: $id, from: $from) { entries { operation } } }`,
      { id: prague, from: future },
      auditor,
    );
    expect(empty.data?.accessLog.entries).toEqual([]);
    expect(codeOf(await app.gql(query, { id: newId() }, auditor))).toBe('NOT_FOUND');
  });

  it('records an admin trail read only when the data of its events is selected, and answers NOT_FOUND for the log of an unknown client', async () => {
    const accessLog = `query($id: ID!) { accessLog(clientId: $id) { entries { operation } } }`;
    const logged = async (): Promise<number> =>
      (await app.gql<{ accessLog: { entries: unknown[] } }>(accessLog, { id: prague }, auditor)).data
        ?.accessLog.entries.length ?? -1;
    const before = await logged();
    const withoutData = await app.gql(
      `query($id: ID!) { auditTrail(subjectId: $id) { personalDataShown events { type } } }`,
      { id: prague },
      admin,
    );
    app.expectNoErrors(withoutData);
    expect(await logged()).toBe(before);

    const missing = await app.gql(accessLog, { id: newId() }, auditor);
    expect(codeOf(missing)).toBe('NOT_FOUND');
    expect(missing.data ?? null).toBeNull();
  });

  it.each([
    [
      'an inline fragment',
      `query($id: ID!) { ... on Query { auditTrail(subjectId: $id) { events { data } } } }`,
    ],
    [
      'a fragment spread',
      `query($id: ID!) { ...trail } fragment trail on Query { auditTrail(subjectId: $id) { events { data } } }`,
    ],
  ])(
    'given an admin trail read wrapped in %s, when its events show their data, then the read is recorded',
    async (_, query) => {
      const accessLog = `query($id: ID!) { accessLog(clientId: $id) { entries { accessedBy operation } } }`;
      const entries = async () =>
        (await app.gql<{ accessLog: { entries: unknown[] } }>(accessLog, { id: prague }, auditor)).data
          ?.accessLog.entries ?? [];
      const before = (await entries()).length;
      const read = await app.gql(query, { id: prague }, admin);
      app.expectNoErrors(read);
      expect(JSON.stringify(read.data)).toContain('Šárka');
      const after = await entries();
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)).toEqual({ accessedBy: 'admin-1', operation: 'query auditTrail' });
    },
  );

  it('reports everything held about a client, with every recipient, as JSON and PDF (admins only)', async () => {
    const query = `query($id: ID!) { subjectAccessReport(clientId: $id) { clientId erased recipients { recipient purposes dataCategories disclosedAt } json pdfBase64 } }`;
    const response = await app.gql(query, { id: prague }, admin);
    app.expectNoErrors(response);
    const report = response.data?.subjectAccessReport;
    expect(
      (report.recipients as { recipient: string }[]).map((recipient) => recipient.recipient).sort(),
    ).toEqual(['police-cz', volunteer].sort());
    const json = JSON.parse(report.json);
    expect(json).toMatchObject({ personalData: { name: 'Šárka Nováková' }, region: 'PRAGUE', erased: false });
    expect(json.consents).toEqual([expect.objectContaining({ consentId: consentA, status: 'WITHDRAWN' })]);
    expect(json.refusals).toHaveLength(1);
    expect((json.accessLog as { operation: string }[]).map((entry) => entry.operation)).toContain(
      'query subjectAccessReport',
    );
    const pdf = Buffer.from(report.pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain('Šárka Nováková');
    expect(text).toContain(volunteer);
    expect(codeOf(await app.gql(query, { id: prague }, auditor))).toBe('FORBIDDEN');
  });

  it('refuses coordinators every audit query, and callers without a token', async () => {
    const queries = [
      `{ consentAudit { violations } }`,
      `query { consentStateAt(clientId: "${prague}", at: "2025-01-01T00:00:00Z") { clientId } }`,
      `{ integrity { ok } }`,
      `query { auditTrail(subjectId: "${prague}") { subjectType } }`,
      `query { accessLog(clientId: "${prague}") { clientId } }`,
      `query { subjectAccessReport(clientId: "${prague}") { clientId } }`,
    ];
    for (const query of queries) {
      expect(codeOf(await app.gql(query, {}, coordinator))).toBe('FORBIDDEN');
      expect(codeOf(await app.gql(query, {}))).toBe('UNAUTHENTICATED');
    }
    expect((await app.gql(queries[2] as string, {}, auditor)).data?.integrity.ok).toBe(true);
  });

  it('finds a disclosure appended straight to the store, bypassing the command', async () => {
    await program.plantDisclosure(liberec, 'planted-1', 'unknown-party', consentB);
    const response = await app.gql(CONSENT_AUDIT, { region: 'LIBEREC' }, auditor);
    const audit = response.data?.consentAudit;
    expect(audit.violations).toBe(1);
    expect((audit.entries as Identified[]).find((entry) => entry.disclosureId === 'planted-1')).toMatchObject(
      {
        verdict: 'VIOLATION',
        reasonCode: 'CONSENT.RECIPIENT_NOT_COVERED',
        reason: `consent ${consentB} does not name the recipient`,
      },
    );
  });

  it('keeps verdicts after erasure and shows the personal data as erased', async () => {
    await program.erase(prague);
    await runtime.keys.destroy(`client-${prague}`);
    const audit = await app.gql(CONSENT_AUDIT, { clientId: prague }, auditor);
    expect(audit.data?.consentAudit).toMatchObject({
      disclosures: 2,
      refusals: 1,
      violations: 0,
      lateRecordedWithdrawals: 1,
    });
    const trail = await app.gql(
      `query($id: ID!) { auditTrail(subjectId: $id) { events { type data } } }`,
      { id: prague },
      admin,
    );
    expect(JSON.parse(trail.data?.auditTrail.events[0].data).name).toBe('[erased]');
    const report = await app.gql(
      `query($id: ID!) { subjectAccessReport(clientId: $id) { erased json } }`,
      { id: prague },
      admin,
    );
    expect(report.data?.subjectAccessReport.erased).toBe(true);
    expect(JSON.parse(report.data?.subjectAccessReport.json).personalData.name).toBe('[erased]');
    expect(report.data?.subjectAccessReport.json).not.toContain('Šárka');
  });

  it('walks the raw hash chains and reports the first broken link of a tampered stream', async () => {
    const query = `query($stream: String) { integrity(stream: $stream) { ok streams broken results { streamId ok events revision position reason expectedHash foundHash } } }`;
    const clean = await app.gql(query, {}, auditor);
    expect(clean.data?.integrity).toMatchObject({ ok: true, broken: 0 });
    expect(clean.data?.integrity.streams).toBeGreaterThanOrEqual(3);

    const tamperer = new Database(join(app.dataDir, 'events.sqlite'));
    try {
      const row = tamperer
        .prepare<[string], { position: number; data: string }>(
          'SELECT position, data FROM events WHERE stream_id = ? AND revision = 2',
        )
        .get(`client-${liberec}`);
      if (row === undefined) throw new Error('fixture missing');
      const data = JSON.parse(row.data) as { recipients: string[] };
      tamperer
        .prepare('UPDATE events SET data = ? WHERE position = ?')
        .run(JSON.stringify({ ...data, recipients: ['anyone'] }), row.position);
      const one = await app.gql(query, { stream: `client-${liberec}` }, admin);
      expect(one.data?.integrity).toMatchObject({
        ok: false,
        streams: 1,
        broken: 1,
        results: [
          {
            streamId: `client-${liberec}`,
            ok: false,
            revision: 2,
            position: String(row.position),
            reason: 'HASH_MISMATCH',
          },
        ],
      });
      const all = await app.gql(query, {}, auditor);
      expect(all.data?.integrity).toMatchObject({ ok: false, broken: 1 });
    } finally {
      tamperer.close();
    }
    expect(codeOf(await app.gql(query, { stream: 'no stream!' }, auditor))).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND for a stream the store never held, rather than an intact chain of nothing', async () => {
    const query = `query($stream: String) { integrity(stream: $stream) { ok streams } }`;
    const missing = await app.gql(query, { stream: 'client-0190a5c4-0000-7000-8000-000000000000' }, auditor);
    expect(codeOf(missing)).toBe('NOT_FOUND');
    expect(missing.data ?? null).toBeNull();
  });
});
