import fc from 'fast-check';
import type { ClientCommand, DiscloseInformation } from '../clients/client/client.commands';
import { clientDecider } from '../clients/client/client.decide';
import type { ClientEvent } from '../clients/client/client.events';
import type { DataCategory, Purpose } from '../clients/consent/consent.types';
import { coveringConsent } from '../clients/consent/covering-consent';
import {
  auditClientHistory,
  addToSummary,
  emptyConsentAuditSummary,
  type AuditRecord,
} from './consent-audit';
import { consentStateAt } from './consent-state-at';
import { dateOf } from '../shared/time';

const HOUR = 60 * 60 * 1000;
const BASE = Date.UTC(2025, 0, 1);
const CLIENT = 'c-1';
const iso = (millis: number): string => new Date(millis).toISOString();
const RECIPIENTS = ['volunteer-a', 'volunteer-b', 'org-legal-aid'];

/** Runs commands through the decider as handleCommand would, recording each event with the command's time. */
function record(commands: readonly ClientCommand[]): { records: AuditRecord[]; decisions: ClientEvent[] } {
  const records: AuditRecord[] = [];
  const decisions: ClientEvent[] = [];
  let state = clientDecider.initialState;
  for (const command of commands) {
    const decision = clientDecider.decide(command, state);
    if (!decision.ok) continue;
    for (const event of decision.events) {
      state = clientDecider.evolve(state, event);
      records.push({ event, revision: records.length, recordedAt: command.data.now });
      if (command.type === 'DiscloseInformation') decisions.push(event);
    }
  }
  return { records, decisions };
}

const register = (now: number): ClientCommand => ({
  type: 'RegisterClient',
  data: {
    clientId: CLIENT,
    name: 'Test Person',
    contact: { phone: '+420 600 000 000' },
    dateOfBirth: '1990-01-01',
    countryOfOrigin: 'UA',
    languages: ['uk'],
    region: 'PRAGUE',
    needs: ['CZECH_PRACTICE'],
    now: iso(now),
  },
});

const give = (
  now: number,
  consentId: string,
  overrides: Partial<Extract<ClientCommand, { type: 'GiveConsent' }>['data']> = {},
): ClientCommand => ({
  type: 'GiveConsent',
  data: {
    clientId: CLIENT,
    consentId,
    purposes: ['VOLUNTEER_MATCHING'],
    dataCategories: ['IDENTITY', 'CONTACT'],
    recipients: ['volunteer-a'],
    lawfulBasis: 'CONSENT',
    givenOn: iso(now),
    method: 'WRITTEN_FORM',
    evidenceRef: `form-${consentId}`,
    noticeVersion: 'v1',
    language: 'uk',
    interpreterUsed: false,
    now: iso(now),
    ...overrides,
  },
});

const withdraw = (now: number, consentId: string, effective = now): ClientCommand => ({
  type: 'WithdrawConsent',
  data: { clientId: CLIENT, consentId, withdrawnOn: iso(effective), method: 'ELECTRONIC', now: iso(now) },
});

const disclose = (
  now: number,
  disclosureId: string,
  overrides: Partial<DiscloseInformation['data']> = {},
): ClientCommand => ({
  type: 'DiscloseInformation',
  data: {
    clientId: CLIENT,
    disclosureId,
    recipient: 'volunteer-a',
    purpose: 'VOLUNTEER_MATCHING',
    dataCategories: ['CONTACT'],
    requestedBy: 'coordinator-1',
    now: iso(now),
    ...overrides,
  },
});

const plantedDisclosure = (
  revision: number,
  at: number,
  consentId: string,
  overrides: Partial<Extract<ClientEvent, { type: 'InformationDisclosed' }>['data']> = {},
): AuditRecord => ({
  event: {
    type: 'InformationDisclosed',
    data: {
      disclosureId: `planted-${revision}`,
      recipient: 'volunteer-a',
      purpose: 'VOLUNTEER_MATCHING',
      dataCategories: ['CONTACT'],
      basis: { consentId },
      disclosedBy: 'someone',
      disclosedAt: iso(at),
      ...overrides,
    },
  },
  revision,
  recordedAt: iso(at),
});

describe('auditClientHistory', () => {
  it('shows the covering consent with its evidence, and legal obligations with their reference', () => {
    const { records } = record([
      register(BASE),
      give(BASE + HOUR, 'k1'),
      disclose(BASE + 2 * HOUR, 'd1'),
      disclose(BASE + 3 * HOUR, 'd2', {
        recipient: 'police',
        purpose: 'REFERRAL',
        legalObligation: '§ 8 Act 141/1961',
      }),
    ]);
    const audit = auditClientHistory(CLIENT, records);
    expect(audit.region).toBe('PRAGUE');
    expect(audit.entries.map((entry) => [entry.disclosureId, entry.verdict, entry.timelines])).toEqual([
      ['d1', 'COVERED_BY_CONSENT', 'CONSISTENT'],
      ['d2', 'LEGAL_OBLIGATION', 'CONSISTENT'],
    ]);
    expect(audit.entries[0]?.consent).toEqual({
      consentId: 'k1',
      givenOn: iso(BASE + HOUR),
      method: 'WRITTEN_FORM',
      evidenceRef: 'form-k1',
      noticeVersion: 'v1',
      lawfulBasis: 'CONSENT',
    });
    expect(audit.entries[1]?.legalObligation).toBe('§ 8 Act 141/1961');
  });

  it.each<[string, Partial<Extract<ClientEvent, { type: 'InformationDisclosed' }>['data']>, string, RegExp]>([
    ['an unknown consent', { basis: { consentId: 'nope' } }, 'CONSENT.NOT_FOUND', /consent nope cited/],
    ['another recipient', { recipient: 'volunteer-b' }, 'CONSENT.RECIPIENT_NOT_COVERED', /recipient/],
    ['another purpose', { purpose: 'REFERRAL' }, 'CONSENT.PURPOSE_NOT_COVERED', /purpose/],
    ['another category', { dataCategories: ['CONTACT', 'FAMILY'] }, 'CONSENT.CATEGORY_NOT_COVERED', /FAMILY/],
  ])('flags a planted disclosure citing %s as a violation', (_name, overrides, code, reason) => {
    const { records } = record([register(BASE), give(BASE + HOUR, 'k1')]);
    records.push(plantedDisclosure(records.length, BASE + 2 * HOUR, 'k1', overrides));
    const [entry] = auditClientHistory(CLIENT, records).entries;
    expect(entry).toMatchObject({ verdict: 'VIOLATION', reasonCode: code });
    expect(entry?.reason).toMatch(reason);
  });

  it('flags disclosures after a withdrawal or an expiry, naming when', () => {
    const { records } = record([
      register(BASE),
      give(BASE, 'k1'),
      give(BASE, 'k2', { expiresOn: '2025-01-01' }),
      withdraw(BASE + HOUR, 'k1'),
    ]);
    records.push(plantedDisclosure(records.length, BASE + 2 * HOUR, 'k1'));
    records.push(plantedDisclosure(records.length, BASE + 48 * HOUR, 'k2'));
    const entries = auditClientHistory(CLIENT, records).entries;
    expect(entries.map((entry) => entry.reason)).toEqual([
      `consent k1 was withdrawn at ${iso(BASE + HOUR)}`,
      'consent k2 expired at 2025-01-01T23:00:00.000Z', // midnight in Prague
    ]);
    expect(addToSummary(emptyConsentAuditSummary, { clientId: CLIENT, erased: false, entries })).toEqual({
      clients: 1,
      disclosures: 2,
      refusals: 0,
      violations: 2,
      lateRecordedWithdrawals: 0,
    });
  });

  it('keeps a disclosure lawful when the withdrawal was recorded later, and says the timelines disagree', () => {
    const { records } = record([
      register(BASE),
      give(BASE, 'k1'),
      disclose(BASE + 5 * HOUR, 'd1'),
      withdraw(BASE + 9 * HOUR, 'k1', BASE + 2 * HOUR),
      disclose(BASE + 10 * HOUR, 'd2'),
    ]);
    const [late, refused] = auditClientHistory(CLIENT, records).entries;
    expect(late).toMatchObject({
      verdict: 'COVERED_BY_CONSENT',
      timelines: 'LATE_RECORDED_WITHDRAWAL',
      actual: { verdict: 'VIOLATION', reasonCode: 'CONSENT.WITHDRAWN' },
    });
    expect(refused).toMatchObject({ kind: 'REFUSAL', verdict: 'REFUSED', reasonCode: 'CONSENT.WITHDRAWN' });
  });

  it('given two consents covering a disclosure and the cited one withdrawn later with an earlier effect, then in hindsight the other covered it', () => {
    const { records } = record([
      register(BASE),
      give(BASE + HOUR, 'k1'),
      give(BASE + 2 * HOUR, 'k2'),
      disclose(BASE + 5 * HOUR, 'd1'),
      withdraw(BASE + 9 * HOUR, 'k2', BASE + 4 * HOUR),
    ]);
    const [entry] = auditClientHistory(CLIENT, records).entries;
    expect(entry).toMatchObject({
      verdict: 'COVERED_BY_CONSENT',
      consent: { consentId: 'k2' },
      actual: { verdict: 'COVERED_BY_CONSENT', consent: { consentId: 'k1' } },
      timelines: 'CONSISTENT',
    });
  });

  it('reports only what falls in the window, judged on the whole history', () => {
    const { records } = record([
      register(BASE),
      give(BASE, 'k1'),
      disclose(BASE + HOUR, 'd1'),
      disclose(BASE + 3 * HOUR, 'd2'),
      withdraw(BASE + 5 * HOUR, 'k1', BASE + 2 * HOUR),
    ]);
    const entries = auditClientHistory(CLIENT, records, {
      from: iso(BASE + 2 * HOUR),
      to: iso(BASE + 4 * HOUR),
    }).entries;
    expect(entries.map((entry) => [entry.disclosureId, entry.timelines])).toEqual([
      ['d2', 'LATE_RECORDED_WITHDRAWAL'],
    ]);
  });

  it('audits an erased client on the consent facts that survive erasure', () => {
    const { records } = record([
      register(BASE),
      give(BASE, 'k1'),
      disclose(BASE + HOUR, 'd1'),
      {
        type: 'EraseClientPersonalData',
        data: {
          clientId: CLIENT,
          requestedBy: 'admin',
          reasonCode: 'CLIENT_REQUEST',
          now: iso(BASE + 2 * HOUR),
        },
      },
    ]);
    const audit = auditClientHistory(CLIENT, records);
    expect(audit.erased).toBe(true);
    expect(audit.entries[0]?.verdict).toBe('COVERED_BY_CONSENT');
  });
});

describe('consentStateAt', () => {
  it('tells what was known at an instant apart from what was true', () => {
    const { records } = record([
      register(BASE),
      give(BASE, 'k1'),
      give(BASE, 'k2'),
      withdraw(BASE + 9 * HOUR, 'k1', BASE + 2 * HOUR),
    ]);
    const at5 = consentStateAt(records, iso(BASE + 5 * HOUR));
    expect(
      at5.map((entry) => [
        entry.consent.consentId,
        entry.known?.status,
        entry.actual.status,
        entry.timelines,
      ]),
    ).toEqual([
      ['k1', 'IN_FORCE', 'WITHDRAWN', 'LATE_RECORDED_WITHDRAWAL'],
      ['k2', 'IN_FORCE', 'IN_FORCE', 'CONSISTENT'],
    ]);
    const at10 = consentStateAt(records, iso(BASE + 10 * HOUR));
    expect(at10[0]).toMatchObject({ known: { status: 'WITHDRAWN' }, timelines: 'CONSISTENT' });
    expect(consentStateAt(records, iso(BASE - HOUR))).toEqual([]);
  });

  it('knows nothing of a backdated consent before it was recorded', () => {
    const { records } = record([register(BASE), give(BASE + 10 * HOUR, 'k1', { givenOn: iso(BASE + HOUR) })]);
    expect(consentStateAt(records, iso(BASE + 5 * HOUR))).toEqual([
      expect.objectContaining({
        known: null,
        actual: { status: 'IN_FORCE' },
        timelines: 'LATE_RECORDED_CONSENT',
      }),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The audit's verdict equals the decision the command made, over many random histories.

const step = fc.integer({ min: 0, max: 30 }).map((hours) => hours * HOUR + 1);
// Narrow choices, so that requests are often covered and every kind of miss still occurs.
const CATEGORY_CHOICES: DataCategory[] = ['IDENTITY', 'CONTACT', 'FAMILY', 'HEALTH'];
const PURPOSE_CHOICES: Purpose[] = ['VOLUNTEER_MATCHING', 'REFERRAL'];
const consentCategories = fc.subarray(CATEGORY_CHOICES, { minLength: 1 });
const requestCategories = fc.subarray(CATEGORY_CHOICES, { minLength: 1, maxLength: 2 });
const purposes = fc.subarray(PURPOSE_CHOICES, { minLength: 1 });

type Plan =
  | {
      kind: 'give';
      step: number;
      purposes: Purpose[];
      categories: DataCategory[];
      recipients: string[];
      explicit: boolean;
      backdate: number;
      expiresInDays: number | null;
    }
  | { kind: 'withdraw'; step: number; pick: number; backdate: number }
  | {
      kind: 'disclose';
      step: number;
      recipient: string;
      purpose: Purpose;
      categories: DataCategory[];
      legal: boolean;
      viaMatch: boolean;
    };

const plan: fc.Arbitrary<Plan> = fc.oneof(
  fc.record({
    kind: fc.constant('give' as const),
    step,
    purposes,
    categories: consentCategories,
    recipients: fc.subarray(['volunteer-a', 'org-legal-aid', 'ASSIGNED_VOLUNTEER'], { minLength: 1 }),
    explicit: fc.boolean(),
    backdate: fc.integer({ min: 0, max: 48 }),
    expiresInDays: fc.option(fc.integer({ min: 0, max: 5 })),
  }),
  fc.record({
    kind: fc.constant('withdraw' as const),
    step,
    pick: fc.nat(),
    backdate: fc.integer({ min: 0, max: 72 }),
  }),
  fc.record({
    kind: fc.constant('disclose' as const),
    step,
    recipient: fc.constantFrom(...RECIPIENTS),
    purpose: fc.constantFrom(...PURPOSE_CHOICES),
    categories: requestCategories,
    legal: fc.integer({ min: 0, max: 4 }).map((pick) => pick === 0),
    viaMatch: fc.boolean(),
  }),
);

/** Turns a plan into valid-looking commands; the decider still rejects some (e.g. a withdrawal before giving). */
function commandsOf(plans: readonly Plan[]): ClientCommand[] {
  let now = BASE;
  const given: { id: string; at: number }[] = [];
  const commands: ClientCommand[] = [register(now)];
  plans.forEach((item, index) => {
    now += item.step;
    if (item.kind === 'give') {
      const givenAt = now - item.backdate * HOUR;
      const id = `k${index}`;
      given.push({ id, at: givenAt });
      commands.push(
        give(now, id, {
          purposes: item.purposes,
          dataCategories: item.categories,
          recipients: item.recipients,
          lawfulBasis: item.explicit ? 'EXPLICIT_CONSENT' : 'CONSENT',
          givenOn: iso(givenAt),
          ...(item.expiresInDays === null
            ? {}
            : { expiresOn: dateOf(iso(givenAt + item.expiresInDays * 24 * HOUR)) }),
        }),
      );
    } else if (item.kind === 'withdraw') {
      const target = given[item.pick % Math.max(1, given.length)];
      if (target) commands.push(withdraw(now, target.id, Math.max(target.at, now - item.backdate * HOUR)));
    } else {
      commands.push(
        disclose(now, `d${index}`, {
          recipient: item.recipient,
          purpose: item.purpose,
          dataCategories: item.categories,
          ...(item.legal ? { legalObligation: 'court order 12/2025' } : {}),
          ...(item.viaMatch
            ? { matchContext: { matchId: `m-${item.recipient}`, volunteerId: item.recipient } }
            : {}),
        }),
      );
    }
  });
  return commands;
}

/** Plain comparisons rather than `expect` per entry, so that 10,000 histories run in seconds. */
const tally = { covered: 0, refused: 0, late: 0 };

function disagreements(plans: readonly Plan[]): string[] {
  const { records, decisions } = record(commandsOf(plans));
  const audit = auditClientHistory(CLIENT, records);
  for (const entry of audit.entries) {
    if (entry.verdict === 'COVERED_BY_CONSENT') tally.covered += 1;
    if (entry.verdict === 'REFUSED') tally.refused += 1;
    if (entry.timelines === 'LATE_RECORDED_WITHDRAWAL') tally.late += 1;
  }
  if (audit.entries.length !== decisions.length)
    return [`${audit.entries.length} entries for ${decisions.length} decisions`];
  return decisions.flatMap((decision, index) => {
    const entry = audit.entries[index];
    if (entry === undefined) return ['missing entry'];
    const problems: string[] = [];
    let lateWithdrawal = false;
    if (decision.type === 'InformationDisclosed') {
      const { basis } = decision.data;
      if ('consentId' in basis) {
        if (entry.verdict !== 'COVERED_BY_CONSENT' || entry.consent?.consentId !== basis.consentId) {
          problems.push(`${entry.disclosureId}: ${entry.verdict} ${entry.reason ?? ''}`);
        }
        // The actual timeline differs only through a withdrawal of the cited consent recorded afterwards, and
        // only when no other consent, as known now, covered the disclosure at its instant.
        const citedWithdrawnLate = records.some(
          (later) =>
            later.revision > entry.revision &&
            later.event.type === 'ConsentWithdrawn' &&
            later.event.data.consentId === basis.consentId &&
            Date.parse(later.event.data.withdrawnOn) <= Date.parse(decision.data.disclosedAt),
        );
        const allFacts = records
          .map((later) => later.event)
          .filter((event) => event.type === 'ConsentGiven' || event.type === 'ConsentWithdrawn');
        lateWithdrawal =
          citedWithdrawnLate &&
          !coveringConsent(
            allFacts,
            decision.data.recipient,
            decision.data.purpose,
            decision.data.dataCategories,
            decision.data.disclosedAt,
            decision.data.matchId === undefined ? {} : { assignedVolunteerId: decision.data.recipient },
          ).covered;
      } else if (entry.verdict !== 'LEGAL_OBLIGATION' || entry.legalObligation !== basis.legalObligation) {
        problems.push(`${entry.disclosureId}: ${entry.verdict} instead of a legal obligation`);
      }
    } else if (decision.type === 'DisclosureRefused') {
      if (entry.verdict !== 'REFUSED' || entry.reasonCode !== decision.data.coverageCode) {
        problems.push(
          `${entry.disclosureId}: ${entry.verdict} ${entry.reasonCode ?? ''} for ${decision.data.coverageCode}`,
        );
      }
    }
    if ((entry.timelines === 'LATE_RECORDED_WITHDRAWAL') !== lateWithdrawal) {
      problems.push(`${entry.disclosureId}: timelines ${entry.timelines}`);
    }
    return problems;
  });
}

describe('the audit replays the decisions the commands made', () => {
  it('agrees with every command decision over 10,000 random histories', () => {
    let disclosures = 0;
    fc.assert(
      fc.property(fc.array(plan, { minLength: 1, maxLength: 14 }), (plans) => {
        disclosures += plans.filter((item) => item.kind === 'disclose').length;
        expect(disagreements(plans)).toEqual([]);
      }),
      { numRuns: 10_000 },
    );
    expect(disclosures).toBeGreaterThan(10_000);
    // The histories must exercise every outcome, not only refusals.
    expect(tally.covered).toBeGreaterThan(500);
    expect(tally.refused).toBeGreaterThan(500);
    expect(tally.late).toBeGreaterThan(50);
  });

  it('recognises a disagreement when one is planted', () => {
    const plans: Plan[] = [
      {
        kind: 'give',
        step: HOUR,
        purposes: ['VOLUNTEER_MATCHING'],
        categories: ['CONTACT'],
        recipients: ['volunteer-a'],
        explicit: false,
        backdate: 0,
        expiresInDays: null,
      },
      {
        kind: 'disclose',
        step: HOUR,
        recipient: 'volunteer-a',
        purpose: 'VOLUNTEER_MATCHING',
        categories: ['CONTACT'],
        legal: false,
        viaMatch: false,
      },
    ];
    expect(disagreements(plans)).toEqual([]);
    const { records } = record(commandsOf(plans));
    records.push(plantedDisclosure(records.length, BASE + 3 * HOUR, 'k0', { recipient: 'volunteer-b' }));
    expect(auditClientHistory(CLIENT, records).entries.map((entry) => entry.verdict)).toEqual([
      'COVERED_BY_CONSENT',
      'VIOLATION',
    ]);
  });
});
