import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { clientStreamId } from '@app/domain';
import type { ClientAudit } from './domain-audit';
import { eventHash, openSqliteEventStore, type SqliteEventStore } from '@app/event-store';
import { newId } from '@app/platform';
import { AuditProgram } from '../testing/audit-program';
import { runConsentAudit } from './consent-audit.replay';
import { verifyIntegrity } from './integrity.replay';

describe('consent audit and integrity on a real SQLite store', () => {
  let directory: string;
  let filename: string;
  let store: SqliteEventStore;
  let program: AuditProgram;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'pruvodce-audit-'));
    filename = join(directory, 'events.sqlite');
    store = openSqliteEventStore({ filename });
    program = new AuditProgram(store);
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('agrees with the decisions the commands recorded, over random histories replayed from the store', async () => {
    const VOLUNTEERS = [newId(), newId()];
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('give' as const),
        recipient: fc.constantFrom(...VOLUNTEERS),
        backdateMinutes: fc.nat(120),
      }),
      fc.record({ kind: fc.constant('withdraw' as const), pick: fc.nat(), backdateMinutes: fc.nat(120) }),
      fc.record({
        kind: fc.constant('disclose' as const),
        recipient: fc.constantFrom(...VOLUNTEERS),
        legal: fc.boolean(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const clientId = newId();
        await program.register(clientId, 'PRAGUE');
        const consents: { id: string; givenOn: string }[] = [];
        for (const [index, item] of steps.entries()) {
          const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
          if (item.kind === 'give') {
            const consent = { id: newId(), givenOn: minutesAgo(item.backdateMinutes) };
            consents.push(consent);
            await program.give(clientId, consent.id, [item.recipient], consent.givenOn);
          } else if (item.kind === 'withdraw') {
            const consent = consents[item.pick % Math.max(consents.length, 1)];
            const withdrawnOn = minutesAgo(item.backdateMinutes);
            if (consent && withdrawnOn >= consent.givenOn) {
              await program.withdraw(clientId, consent.id, withdrawnOn).catch(() => undefined);
            }
          } else {
            await program.disclose(
              clientId,
              `d${index}`,
              item.recipient,
              item.legal ? 'Act 89/2012 § 1' : undefined,
            );
          }
        }
        const audits: ClientAudit[] = [];
        await runConsentAudit(store, { clientId }, (audit) => void audits.push(audit));
        const recorded = (await store.readStream(clientStreamId(clientId))).filter(
          (event) => event.type === 'InformationDisclosed' || event.type === 'DisclosureRefused',
        );
        const entries = audits[0]?.entries ?? [];
        expect(entries).toHaveLength(recorded.length);
        recorded.forEach((event, index) => {
          const entry = entries[index];
          const basis = event.data.basis as { consentId?: string; legalObligation?: string } | undefined;
          if (event.type === 'DisclosureRefused') {
            expect(entry).toMatchObject({ verdict: 'REFUSED', reasonCode: event.data.coverageCode });
          } else if (basis?.consentId !== undefined) {
            expect(entry).toMatchObject({
              verdict: 'COVERED_BY_CONSENT',
              consent: { consentId: basis.consentId },
            });
          } else {
            expect(entry).toMatchObject({
              verdict: 'LEGAL_OBLIGATION',
              legalObligation: basis?.legalObligation,
            });
          }
        });
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('audits every client stream, including one written without a registration, in the order they began', async () => {
    const [registered, unregistered, other] = [newId(), newId(), newId()];
    await program.register(registered, 'PRAGUE');
    const consentId = newId();
    await program.give(registered, consentId, ['volunteer-1'], new Date().toISOString());
    await program.plantDisclosure(unregistered, 'planted-in-void', 'volunteer-1', consentId);
    await program.register(other, 'LIBEREC');
    await program.disclose(registered, 'lawful', 'volunteer-1');

    const audits: ClientAudit[] = [];
    const summary = await runConsentAudit(store, { pageSize: 1 }, (audit) => void audits.push(audit));
    expect(audits.map((audit) => audit.clientId)).toEqual([registered, unregistered, other]);
    expect(summary).toMatchObject({ clients: 3, disclosures: 2, violations: 1 });
    expect(audits[1]?.entries).toEqual([
      expect.objectContaining({
        disclosureId: 'planted-in-void',
        verdict: 'VIOLATION',
        reasonCode: 'CONSENT.NOT_FOUND',
      }),
    ]);

    const prague: ClientAudit[] = [];
    await runConsentAudit(store, { region: 'PRAGUE' }, (audit) => void prague.push(audit));
    expect(prague.map((audit) => audit.clientId)).toEqual([registered]);
  });

  describe('integrity against tampering in the SQLite file', () => {
    let victim: string;
    let bystander: string;
    let tamperer: Database.Database;

    beforeEach(async () => {
      victim = newId();
      bystander = newId();
      for (const clientId of [victim, bystander]) {
        await program.register(clientId, 'PRAGUE');
        await program.give(clientId, newId(), ['volunteer-1'], new Date().toISOString());
        await program.disclose(clientId, 'd1', 'volunteer-1');
        await program.disclose(clientId, 'd2', 'volunteer-1');
      }
      tamperer = new Database(filename);
    });

    afterEach(() => tamperer.close());

    const positionOf = (revision: number): number =>
      tamperer
        .prepare<[string, number], { position: number }>(
          'SELECT position FROM events WHERE stream_id = ? AND revision = ?',
        )
        .get(clientStreamId(victim), revision)?.position ?? -1;

    const expectVictimBroken = async (expected: Record<string, unknown>): Promise<void> => {
      const summary = await verifyIntegrity(store);
      expect(summary).toMatchObject({ ok: false, streams: 2, broken: 1 });
      expect(summary.results).toEqual([
        expect.objectContaining({ ok: false, streamId: clientStreamId(victim), ...expected }),
        { ok: true, streamId: clientStreamId(bystander), events: 4 },
      ]);
      expect((await verifyIntegrity(store, clientStreamId(bystander))).ok).toBe(true);
    };

    it('reports untouched streams as OK', async () => {
      expect(await verifyIntegrity(store)).toMatchObject({ ok: true, streams: 2, broken: 0 });
    });

    it('detects a modified event (a disclosure re-addressed)', async () => {
      const position = positionOf(2);
      const row = tamperer
        .prepare<[number], { data: string }>('SELECT data FROM events WHERE position = ?')
        .get(position);
      const data = { ...(JSON.parse(row?.data ?? '{}') as object), recipient: 'someone-else' };
      tamperer.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(data), position);
      await expectVictimBroken({ revision: 2, position: BigInt(position), reason: 'HASH_MISMATCH' });
    });

    it('detects a removed event (a withdrawal or disclosure made to vanish)', async () => {
      tamperer.prepare('DELETE FROM events WHERE position = ?').run(positionOf(1));
      await expectVictimBroken({ revision: 2, position: BigInt(positionOf(2)), reason: 'REVISION_GAP' });
    });

    it("detects the last event removed (the latest disclosure made to vanish) from the store's own head", async () => {
      const [last, beforeLast] = [positionOf(3), positionOf(2)];
      tamperer.prepare('DELETE FROM events WHERE position = ?').run(last);
      await expectVictimBroken({
        revision: 3,
        position: BigInt(beforeLast),
        reason: 'MISSING_TAIL',
        foundHash: '',
      });
    });

    it('detects a swapped pair', async () => {
      const [first, second] = [positionOf(2), positionOf(3)];
      tamperer.transaction(() => {
        tamperer.prepare('UPDATE events SET position = -1 WHERE position = ?').run(first);
        tamperer.prepare('UPDATE events SET position = ? WHERE position = ?').run(first, second);
        tamperer.prepare('UPDATE events SET position = ? WHERE position = -1').run(second);
      })();
      await expectVictimBroken({ revision: 3, position: BigInt(first), reason: 'REVISION_GAP' });
    });

    it('detects a modified event whose own hash was recomputed, at the next link', async () => {
      const [tampered] = await store.readStream(clientStreamId(victim), { fromRevision: 1, maxCount: 1 });
      if (tampered === undefined) throw new Error('fixture missing');
      const data = { ...tampered.data, recipients: ['anyone'] };
      const rehashed = { ...tampered.metadata, hash: eventHash({ ...tampered, data }) };
      tamperer
        .prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?')
        .run(JSON.stringify(data), JSON.stringify(rehashed), tampered.position);
      await expectVictimBroken({
        revision: 2,
        reason: 'PREV_HASH_MISMATCH',
        expectedHash: rehashed.hash,
        foundHash: tampered.metadata.hash,
      });
    });
  });
});
