import { EMAIL_DOMAINS, inventCzechPerson, ORIGINS } from './invented-names';
import { planProgram, type Region } from './program-planner';
import { SeededRandom } from './seeded-random';
import { addDays, daysBetween, type SeedPlan } from './seed-plan';

const TODAY = '2026-11-20';
const REGIONS: readonly Region[] = ['PRAGUE', 'CENTRAL_BOHEMIA', 'LIBEREC'];

interface PlannedRequest {
  readonly date: string;
  readonly verb: string;
  readonly commandId: string;
  readonly input: Record<string, unknown>;
}

/**
 * Every request of the plan with its input, in the order the seed sends them; each creating request is
 * answered with an id of its own, as the server would answer it.
 */
function requestsOf(plan: SeedPlan): PlannedRequest[] {
  const requests: PlannedRequest[] = [];
  for (const day of plan.days)
    for (const chain of day.chains)
      for (const operation of chain) {
        const input = operation.input(`${day.date}T12:00:00.000Z`);
        requests.push({ date: day.date, verb: operation.verb, commandId: operation.commandId, input });
        const id = `server-${requests.length}`;
        operation.onResult?.({
          volunteer: { id },
          client: { id },
          consent: { id },
          match: { id },
          session: { id },
          meetingId: id,
        });
      }
  return requests;
}

const plans = new Map<number, { plan: SeedPlan; requests: PlannedRequest[] }>();
/** The program at the default scale (1) for `seed`, planned once per spec. */
function planned(seed: number): { plan: SeedPlan; requests: PlannedRequest[] } {
  let known = plans.get(seed);
  if (known === undefined) {
    const plan = planProgram({ seed, scale: 1, today: TODAY });
    known = { plan, requests: requestsOf(plan) };
    plans.set(seed, known);
  }
  return known;
}

const inputsOf = (requests: readonly PlannedRequest[], verb: string): Record<string, unknown>[] =>
  requests.filter((request) => request.verb === verb).map((request) => request.input);
const text = (input: Record<string, unknown>, field: string): string => input[field] as string;
const texts = (input: Record<string, unknown>, field: string): string[] => input[field] as string[];

/** The region of each planned client and match, by the id the server gave it. */
function regionsOf(requests: readonly PlannedRequest[]): {
  clients: Map<string, Region>;
  volunteers: Map<string, readonly Region[]>;
  matches: Map<string, Region>;
} {
  const clients = new Map<string, Region>();
  const volunteers = new Map<string, readonly Region[]>();
  const matches = new Map<string, Region>();
  requests.forEach((request, index) => {
    const id = `server-${index + 1}`;
    if (request.verb === 'registerClient') clients.set(id, request.input.region as Region);
    if (request.verb === 'registerVolunteer') volunteers.set(id, texts(request.input, 'regions') as Region[]);
    if (request.verb === 'proposeMatch') {
      const region = clients.get(text(request.input, 'clientId'));
      if (region === undefined) throw new Error('a match is proposed to a client not registered before it');
      matches.set(id, region);
    }
  });
  return { clients, volunteers, matches };
}

/** Records the lists an inventing function picks from, and takes the given branch at its one coin toss. */
class ListRecordingRandom extends SeededRandom {
  readonly lists: unknown[][] = [];

  constructor(private readonly toss: boolean) {
    super(1);
  }

  override chance(): boolean {
    return this.toss;
  }

  override pick<T>(items: readonly T[]): T {
    this.lists.push([...items]);
    return super.pick(items);
  }
}

/** Every name the invented-names lists can make: Czech (feminine and masculine forms) and each origin's. */
function inventableNames(): { czech: Set<string>; byCountry: Map<string, Set<string>> } {
  const czech = new Set<string>();
  for (const female of [true, false]) {
    const random = new ListRecordingRandom(female);
    inventCzechPerson(random);
    const [given, surnames] = random.lists as [string[], (readonly [string, string])[]];
    for (const first of given)
      for (const [masculine, feminine] of surnames) czech.add(`${first} ${female ? feminine : masculine}`);
  }
  const byCountry = new Map<string, Set<string>>();
  for (const origin of ORIGINS) {
    const names = new Set<string>();
    for (const given of origin.given)
      for (const surname of origin.surnames)
        names.add(origin.country === 'VN' ? `${surname} ${given}` : `${given} ${surname}`);
    byCountry.set(origin.country, names);
  }
  return { czech, byCountry };
}

describe('planProgram at the default scale', () => {
  it('given seeds 1 to 3, when planned, then about 150 volunteers, 300 clients and 200 matches, each as many requests as counted', () => {
    for (const seed of [1, 2, 3]) {
      const { plan, requests } = planned(seed);
      const count = (verb: string) => inputsOf(requests, verb).length;

      expect(requests).toHaveLength(plan.operations);
      expect(count('registerVolunteer')).toBe(plan.counts.volunteers);
      expect(count('registerClient')).toBe(plan.counts.clients);
      expect(count('proposeMatch')).toBe(plan.counts.matchesProposed);
      expect(count('acceptMatch')).toBe(plan.counts.matchesAccepted);
      expect(count('logMeeting')).toBe(plan.counts.meetings);
      expect(count('recordGroupMeeting') + count('recordSupervisionSession')).toBe(plan.counts.sessions);
      expect(count('giveConsent')).toBe(plan.counts.consents);

      expect(plan.counts.volunteers).toBe(150);
      expect(plan.counts.clients).toBe(300);
      expect(plan.counts.matchesAccepted).toBeGreaterThanOrEqual(170);
      expect(plan.counts.matchesAccepted).toBeLessThanOrEqual(240);
      expect(plan.counts.matchesProposed).toBeGreaterThanOrEqual(plan.counts.matchesAccepted);
      expect(plan.counts.matchesProposed).toBeLessThanOrEqual(260);
      expect(plan.counts.meetings).toBeGreaterThanOrEqual(3_000);
      expect(plan.counts.meetings).toBeLessThanOrEqual(6_000);
      expect(plan.counts.sessions).toBeGreaterThanOrEqual(80);
      expect(plan.counts.sessions).toBeLessThanOrEqual(100);
    }
  });

  it('given seed 1, when planned, then the program is the one the benchmark documentation quotes', () => {
    const { plan } = planned(1);
    expect(plan.operations).toBe(11_786);
    expect(plan.counts).toMatchObject({
      volunteers: 150,
      clients: 300,
      matchesAccepted: 208,
      meetings: 4_637,
      sessions: 90,
    });
  });

  it('given the default two years, when planned, then every date lies in them and meetings and sessions run through them', () => {
    const { plan, requests } = planned(1);
    expect(plan.firstDay).toBe(addDays(TODAY, -730));
    expect(plan.days[0]?.date).toBe(plan.firstDay);
    expect(requests.filter((request) => request.date < plan.firstDay || request.date > TODAY)).toEqual([]);

    const meetingDays = inputsOf(requests, 'logMeeting')
      .map((input) => text(input, 'date'))
      .sort();
    const first = meetingDays[0] as string;
    const last = meetingDays.at(-1) as string;
    expect(first >= plan.firstDay && last < TODAY).toBe(true);
    // Volunteers start after an introductory course, so the first meetings come a few weeks in.
    expect(daysBetween(plan.firstDay, first)).toBeLessThanOrEqual(60);
    expect(daysBetween(last, TODAY)).toBeLessThanOrEqual(7);
    expect(new Set(meetingDays.map((day) => day.slice(0, 7))).size).toBeGreaterThanOrEqual(24);

    for (const region of REGIONS) {
      const months = (verb: string) =>
        new Set(
          inputsOf(requests, verb)
            .filter((input) => input.region === region)
            .map((input) => text(input, 'date').slice(0, 7)),
        );
      const groupMonths = [...months('recordGroupMeeting')].sort();
      expect(groupMonths.length).toBeGreaterThanOrEqual(22);
      expect(daysBetween(`${groupMonths[0]}-01`, `${groupMonths.at(-1)}-01`)).toBeGreaterThanOrEqual(640);
      // Supervision every quarter: seven or eight in two years.
      expect(months('recordSupervisionSession').size).toBeGreaterThanOrEqual(7);
    }
  });

  it('given the three regions, when planned, then each has volunteers, clients and matches, Prague the most', () => {
    for (const seed of [1, 2, 3]) {
      const { requests } = planned(seed);
      const { clients, volunteers, matches } = regionsOf(requests);
      const accepted = inputsOf(requests, 'acceptMatch').map((input) => text(input, 'matchId'));
      const tally = (regions: Iterable<Region>) => {
        const counts = new Map<Region, number>();
        for (const region of regions) counts.set(region, (counts.get(region) ?? 0) + 1);
        return counts;
      };
      const clientsIn = tally(clients.values());
      const volunteersIn = tally([...volunteers.values()].flat());
      const matchesIn = tally(accepted.map((id) => matches.get(id) as Region));

      for (const region of REGIONS) {
        expect(clientsIn.get(region) ?? 0).toBeGreaterThanOrEqual(30);
        expect(volunteersIn.get(region) ?? 0).toBeGreaterThanOrEqual(15);
        expect(matchesIn.get(region) ?? 0).toBeGreaterThanOrEqual(20);
      }
      expect(clientsIn.get('PRAGUE')).toBe(Math.max(...clientsIn.values()));
      expect([...clients.values()].every((region) => REGIONS.includes(region))).toBe(true);
    }
  });

  it('given the clients planned, when their consents are looked at, then nearly all consent to matching, in every region, and some withdraw', () => {
    const { plan, requests } = planned(1);
    const { clients } = regionsOf(requests);
    const consents = inputsOf(requests, 'giveConsent');
    const consentingToMatching = new Set(
      consents
        .filter((input) => texts(input, 'purposes').includes('VOLUNTEER_MATCHING'))
        .map((input) => text(input, 'clientId')),
    );

    expect(consentingToMatching.size).toBeGreaterThanOrEqual(0.9 * plan.counts.clients);
    for (const region of REGIONS) {
      const inRegion = [...clients].filter(([, where]) => where === region).map(([id]) => id);
      expect(inRegion.filter((id) => consentingToMatching.has(id)).length).toBeGreaterThanOrEqual(
        0.9 * inRegion.length,
      );
    }
    for (const consent of consents) {
      expect(clients.has(text(consent, 'clientId'))).toBe(true);
      expect(consent).toMatchObject({
        lawfulBasis: expect.stringMatching(/^(CONSENT|EXPLICIT_CONSENT)$/),
        method: expect.any(String),
        evidenceRef: expect.stringMatching(/^FORM-\d{4}-\d{4}$/),
        givenOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      expect(texts(consent, 'recipients').length).toBeGreaterThan(0);
    }
    expect(consents.some((input) => texts(input, 'dataCategories').includes('HEALTH'))).toBe(true);
    expect(inputsOf(requests, 'withdrawConsent')).toHaveLength(plan.counts.withdrawals);
    expect(plan.counts.withdrawals).toBeGreaterThan(0);
  });

  it('given one seed, when planned twice, then the same requests with the same idempotency keys; another seed plans another program', () => {
    const once = requestsOf(planProgram({ seed: 1, scale: 1, today: TODAY }));
    const again = planned(1).requests;
    const other = planned(2).requests;

    expect(once).toHaveLength(again.length);
    const firstDifference = once.findIndex(
      (request, index) => JSON.stringify(request) !== JSON.stringify(again[index]),
    );
    expect(firstDifference).toBe(-1);
    expect(new Set(once.map((request) => request.commandId)).size).toBe(once.length);
    expect(other.map((request) => request.commandId)).not.toEqual(
      once.slice(0, other.length).map((request) => request.commandId),
    );
    expect(inputsOf(other, 'registerClient')).not.toEqual(inputsOf(once, 'registerClient'));
  });

  it('given the people planned, when their names and contacts are looked at, then all are made from the invented-names lists and reach no one', () => {
    const { czech, byCountry } = inventableNames();
    const foreign = new Set([...byCountry.values()].flatMap((names) => [...names]));
    expect(czech.size).toBeGreaterThan(1000);
    const { requests } = planned(1);
    const volunteers = inputsOf(requests, 'registerVolunteer');
    const clients = inputsOf(requests, 'registerClient');

    for (const volunteer of volunteers) {
      const name = text(volunteer, 'name');
      expect([name, czech.has(name) || foreign.has(name)]).toEqual([name, true]);
    }
    // Most volunteers are Czech, some are foreign-born; every client comes from one of the origins.
    expect(volunteers.filter((volunteer) => czech.has(text(volunteer, 'name'))).length).toBeGreaterThan(100);
    for (const client of clients) {
      const name = text(client, 'name');
      const country = text(client, 'countryOfOrigin');
      expect([name, country, byCountry.get(country)?.has(name)]).toEqual([name, country, true]);
    }

    const domains = EMAIL_DOMAINS.map((domain) => domain.replaceAll('.', '\\.')).join('|');
    const email = new RegExp(`^[a-z.]+\\d{1,2}@(${domains})$`);
    for (const person of [...volunteers, ...clients]) {
      if (person.email !== undefined) expect(text(person, 'email')).toMatch(email);
      if (person.phone !== undefined) expect(text(person, 'phone')).toMatch(/^\+420 [67]\d{2} \d{3} \d{3}$/);
    }
    for (const update of inputsOf(requests, 'updateClientContact'))
      expect(text(update, 'phone')).toMatch(/^\+420 [67]\d{2} \d{3} \d{3}$/);
  });
});
