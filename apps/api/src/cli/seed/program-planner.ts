import {
  EMAIL_DOMAINS,
  inventCzechPerson,
  inventForeignPerson,
  inventPhone,
  pickOrigin,
  type Origin,
} from './invented-names';
import { SeededRandom } from './seeded-random';
import type { SeedMutation } from './seed-mutations';
import { addDays, daysBetween, PlanBuilder, ServerId, type PlanCounts, type SeedPlan } from './seed-plan';

export type Region = 'PRAGUE' | 'CENTRAL_BOHEMIA' | 'LIBEREC';
type Need = 'CZECH_PRACTICE' | 'SOCIAL_CONTACT' | 'ORIENTATION' | 'ACCOMPANIMENT' | 'CHILD_TUTORING';

export interface PlanOptions {
  readonly seed: number;
  /** 1 = about 150 volunteers, 300 clients and 200 matches; the two-year calendar stays the same. */
  readonly scale: number;
  /** The last simulated day (YYYY-MM-DD); every date lies on or before it. */
  readonly today: string;
  readonly years?: number;
  /** Matches a volunteer may hold at once (VOLUNTEER_CLIENT_LIMIT); 2 by default. */
  readonly clientLimit?: number;
}

const REGIONS: readonly (readonly [Region, number])[] = [
  ['PRAGUE', 50],
  ['CENTRAL_BOHEMIA', 30],
  ['LIBEREC', 20],
];
const NEEDS: readonly Need[] = [
  'CZECH_PRACTICE',
  'SOCIAL_CONTACT',
  'ORIENTATION',
  'ACCOMPANIMENT',
  'CHILD_TUTORING',
];
const ACTIVITY_FOR_NEED: Readonly<Record<Need, string>> = {
  CZECH_PRACTICE: 'CZECH_PRACTICE',
  SOCIAL_CONTACT: 'LEISURE',
  ORIENTATION: 'ORIENTATION',
  ACCOMPANIMENT: 'ACCOMPANIMENT',
  CHILD_TUTORING: 'TUTORING',
};
const DAY_PARTS = ['MORNING', 'AFTERNOON', 'EVENING'] as const;
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
const REGION_SLUG: Readonly<Record<Region, string>> = {
  PRAGUE: 'prague',
  CENTRAL_BOHEMIA: 'central-bohemia',
  LIBEREC: 'liberec',
};
const CONSULTATION_NOTES = [
  'Probrali jsme plán schůzek na další měsíc a co klientce pomáhá nejvíc.',
  'Dobrovolník se ptal, jak reagovat na dotazy k pobytovému oprávnění; doporučeno předat koordinátorce.',
  'Konzultace k výuce češtiny: slovní zásoba pro návštěvu lékaře.',
  'Sociální pracovnice vysvětlila, na koho se obrátit kvůli bydlení.',
  'Krátká kontrola po prvních schůzkách, vše v pořádku.',
  'Dobrovolnice zmínila únavu; domluvena kratší frekvence schůzek.',
  'Rozbor situace na úřadě práce, příště doprovod s tlumočníkem.',
] as const;

interface VolunteerSim {
  readonly id: ServerId;
  readonly key: string;
  readonly regions: readonly Region[];
  readonly languages: readonly string[];
  readonly interests: readonly Need[];
  activatedOn?: string;
  leftOn?: string;
  /** Inclusive ranges during which the volunteer is paused. */
  readonly pauses: { from: string; to: string }[];
  /** Periods in which a match holds one of the volunteer's places: [from, to) with `to` open when undefined. */
  readonly load: { from: string; to?: string }[];
}

interface ClientSim {
  readonly id: ServerId;
  readonly key: string;
  readonly region: Region;
  readonly languages: readonly string[];
  readonly needs: readonly Need[];
  readonly registeredOn: string;
  readonly matchingConsent: ServerId | null;
  matchEndedOn?: string;
  /** The last day anything is recorded on the client's stream. */
  lastActivity: string;
}

interface Window {
  readonly from: string;
  readonly to?: string;
}

const overlaps = (left: Window, right: Window): boolean =>
  (right.to === undefined || left.from < right.to) && (left.to === undefined || right.from < left.to);

function availableOn(volunteer: VolunteerSim, date: string): boolean {
  return (
    volunteer.activatedOn !== undefined &&
    volunteer.activatedOn < date &&
    (volunteer.leftOn === undefined || date < volunteer.leftOn) &&
    !volunteer.pauses.some((pause) => pause.from <= date && date <= pause.to)
  );
}

/** The most places held at any instant of the window if the volunteer took one more match in it. */
function peakLoad(volunteer: VolunteerSim, window: Window): number {
  const held = volunteer.load.filter((period) => overlaps(period, window));
  // The count only rises where a period starts, so the peak is at the window's start or at one of those starts.
  const instants = [window.from, ...held.map((period) => period.from).filter((from) => from > window.from)];
  const covering = (instant: string) =>
    held.filter((period) => period.from <= instant && (period.to === undefined || instant < period.to))
      .length;
  return 1 + Math.max(...instants.map(covering));
}

/** Generates the whole program as a deterministic, dated list of mutations; nothing here talks to the API. */
export function planProgram(options: PlanOptions): SeedPlan {
  const random = new SeededRandom(options.seed);
  const plan = new PlanBuilder(options.seed);
  const today = options.today;
  const firstDay = addDays(today, -Math.round(365 * (options.years ?? 2)));
  const span = daysBetween(firstDay, today);
  const counts: PlanCounts = {
    volunteers: 0,
    activeVolunteers: 0,
    volunteersLeft: 0,
    clients: 0,
    clientsDeparted: 0,
    consents: 0,
    withdrawals: 0,
    disclosuresRequested: 0,
    matchesProposed: 0,
    matchesAccepted: 0,
    matchesEnded: 0,
    meetings: 0,
    sessions: 0,
  };
  const scaled = (count: number, minimum = 1) => Math.max(minimum, Math.round(count * options.scale));
  /** A date of birth giving an age between `youngest` and `oldest` on `on`. */
  const birthDate = (on: string, youngest: number, oldest: number): string =>
    `${Number(on.slice(0, 4)) - random.int(youngest, oldest)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
  /** A program starts with a cohort, then grows steadily. */
  const joinDay = (cohortShare: number, latestOffset: number) =>
    random.chance(cohortShare)
      ? addDays(firstDay, random.int(0, 75))
      : addDays(firstDay, random.int(76, Math.max(77, span - latestOffset)));

  const volunteerCount = scaled(150, 4);
  const leavers = new Set(random.sample([...Array(volunteerCount).keys()], scaled(3)));
  const volunteers: VolunteerSim[] = [];
  for (let index = 0; index < volunteerCount; index += 1) {
    volunteers.push(planVolunteer(index, joinDay(0.4, 3), leavers.has(index)));
  }

  const clientCount = scaled(300, 8);
  const clients = Array.from({ length: clientCount }, () => joinDay(0.3, 2))
    .sort()
    .map((registeredOn, index) => planClient(index, registeredOn));

  // About two in three clients get a volunteer; the rest wait (or arrived too recently).
  for (const client of clients)
    if (random.chance(0.78) || client.matchingConsent === null) planMatching(client);

  planSessions();
  planLegalObligations();
  planDepartures();

  return {
    seed: options.seed,
    scale: options.scale,
    firstDay,
    today,
    days: plan.days(),
    operations: plan.operations,
    counts,
  };

  function planVolunteer(index: number, registeredOn: string, leaves: boolean): VolunteerSim {
    const key = `volunteer:${index}`;
    const id = new ServerId(key);
    const foreignBorn = random.chance(0.15);
    const origin = foreignBorn ? pickOrigin(random) : undefined;
    const person = origin === undefined ? inventCzechPerson(random) : inventForeignPerson(random, origin);
    const primary = random.weighted(REGIONS);
    const regions: Region[] =
      primary !== 'LIBEREC' && random.chance(0.2) ? ['PRAGUE', 'CENTRAL_BOHEMIA'] : [primary];
    if (regions[0] !== primary) regions.reverse();
    const extra = random.sample(['en', 'en', 'de', 'uk', 'ru', 'fr', 'es', 'vi', 'ar'], random.int(1, 2));
    const languages = [...new Set(['cs', ...(origin?.languages.slice(0, 1) ?? []), ...extra])];
    const interests = random.sample(NEEDS, random.int(1, 3));
    const volunteer: VolunteerSim = { id, key, regions, languages, interests, pauses: [], load: [] };
    counts.volunteers += 1;

    const registration = {
      name: person.name,
      email: `${person.emailLocalPart}@${random.pick(EMAIL_DOMAINS)}`,
      phone: inventPhone(random),
      dateOfBirth: birthDate(registeredOn, 18, 68),
      languages,
      regions,
      availability: random
        .sample(WEEKDAYS, random.int(1, 3))
        .map((day) => ({ day, part: random.pick(DAY_PARTS) })),
      interests,
    };
    plan.schedule(
      registeredOn,
      key,
      'registerVolunteer',
      () => registration,
      (payload) => id.set(idOf(payload, 'volunteer')),
    );
    // A few applicants never start the course; a few start and never finish.
    if (random.chance(0.04)) return volunteer;
    plan.schedule(registeredOn, key, 'startVolunteerTraining', () => ({ volunteerId: id.value }));
    const courseDay = addDays(registeredOn, random.int(10, 40));
    if (courseDay >= today || random.chance(0.03)) return volunteer;

    const year = courseDay.slice(0, 4);
    const courseId = `INTRO-${year}-${pad(random.int(1, 6))}`;
    plan.schedule(courseDay, key, 'recordCourseCompletion', () => ({
      volunteerId: id.value,
      courseId,
      completedOn: courseDay,
    }));
    plan.schedule(courseDay, key, 'recordGuideHandedOut', () => ({
      volunteerId: id.value,
      edition: `${year}`,
    }));
    plan.schedule(courseDay, key, 'signVolunteerAgreement', () => ({
      volunteerId: id.value,
      signedOn: courseDay,
    }));
    plan.schedule(courseDay, key, 'arrangeInsurance', () => ({
      volunteerId: id.value,
      policyRef: `POL-${year}-${String(index + 1).padStart(5, '0')}`,
      from: courseDay,
      to: addDays(courseDay, 364),
    }));
    plan.schedule(courseDay, key, 'activateVolunteer', () => ({ volunteerId: id.value }));
    volunteer.activatedOn = courseDay;
    counts.activeVolunteers += 1;

    if (leaves) {
      const leftOn = addDays(courseDay, random.int(120, Math.max(121, daysBetween(courseDay, today) - 1)));
      if (leftOn < today) {
        volunteer.leftOn = leftOn;
        counts.volunteersLeft += 1;
        const reasonCode = random.pick(['MOVED_AWAY', 'NO_LONGER_AVAILABLE', 'PERSONAL_REASONS']);
        plan.schedule(leftOn, key, 'recordVolunteerLeft', () => ({
          volunteerId: id.value,
          reasonCode,
          leftOn,
        }));
      }
    }
    const until = volunteer.leftOn ?? today;
    // Yearly policies, renewed a week before they lapse, for as long as the volunteer serves.
    for (let renewal = 1; addDays(courseDay, 365 * renewal - 7) < until; renewal += 1) {
      const from = addDays(courseDay, 365 * renewal);
      plan.schedule(addDays(from, -7), key, 'arrangeInsurance', () => ({
        volunteerId: id.value,
        policyRef: `POL-${from.slice(0, 4)}-${String(index + 1).padStart(5, '0')}-${renewal}`,
        from,
        to: addDays(from, 364),
      }));
    }
    if (random.chance(0.07)) {
      const from = addDays(courseDay, random.int(30, 400));
      const to = addDays(from, random.int(20, 90));
      if (from < until) {
        volunteer.pauses.push({ from, to: to < until ? to : addDays(today, 1) });
        const reasonCode = random.pick(['HEALTH', 'STUDIES', 'TRAVEL', 'FAMILY']);
        plan.schedule(from, key, 'pauseVolunteer', () => ({ volunteerId: id.value, reasonCode }));
        if (to < until)
          plan.schedule(to, key, 'resumeVolunteer', () => ({
            volunteerId: id.value,
            reasonCode: 'RETURNED',
          }));
      }
    }
    const consultations = random.chance(0.5) ? random.int(1, 3) : 0;
    for (let count = 0; count < consultations; count += 1) {
      const heldOn = addDays(courseDay, random.int(14, 600));
      if (heldOn >= until) continue;
      const consultant = random.weighted([
        ['COORDINATOR', 60],
        ['CZECH_TEACHER', 25],
        ['SOCIAL_WORKER', 15],
      ] as const);
      const notes = random.pick(CONSULTATION_NOTES);
      plan.schedule(heldOn, key, 'recordConsultation', () => ({
        volunteerId: id.value,
        with: consultant,
        heldOn,
        notes,
      }));
    }
    return volunteer;
  }

  function planClient(index: number, registeredOn: string): ClientSim {
    const origin = pickOrigin(random);
    const person = inventForeignPerson(random, origin);
    const region = random.weighted(REGIONS);
    const languages = clientLanguages(origin);
    const needs = random.sample(
      NEEDS,
      random.weighted([
        [1, 40],
        [2, 45],
        [3, 15],
      ] as const),
    );
    const key = `client:${index}`;
    const id = new ServerId(key);
    // A few clients are matched before their consent is on file: the acceptance records a refused disclosure.
    const matchingConsent = random.chance(0.03) ? null : new ServerId(`${key}:consent`);
    const client: ClientSim = {
      id,
      key,
      region,
      languages,
      needs,
      registeredOn,
      matchingConsent,
      lastActivity: registeredOn,
    };
    counts.clients += 1;

    // A client is reachable somehow: the domain refuses a registration without any contact.
    const hasPhone = random.chance(0.85);
    const hasEmail = !hasPhone || random.chance(0.45);
    const registration = {
      name: person.name,
      ...(hasPhone ? { phone: inventPhone(random) } : {}),
      ...(hasEmail ? { email: `${person.emailLocalPart}@${random.pick(EMAIL_DOMAINS)}` } : {}),
      ...(random.chance(0.85) ? { dateOfBirth: birthDate(registeredOn, 18, 66) } : {}),
      countryOfOrigin: origin.country,
      languages,
      region,
      needs,
    };
    onClient(
      client,
      registeredOn,
      'registerClient',
      () => registration,
      (payload) => id.set(idOf(payload, 'client')),
    );
    if (matchingConsent !== null) {
      giveConsent(client, registeredOn, matchingConsent, {
        purposes: ['VOLUNTEER_MATCHING'],
        dataCategories: random.chance(0.3) ? ['IDENTITY', 'CONTACT'] : ['CONTACT'],
        recipients: ['ASSIGNED_VOLUNTEER'],
        lawfulBasis: 'CONSENT',
      });
    }
    if (random.chance(0.25)) planReferral(client);
    const healthConsentOn = addDays(registeredOn, random.int(0, 90));
    if (random.chance(0.05) && healthConsentOn < today)
      giveConsent(client, healthConsentOn, new ServerId(`${key}:health`), {
        purposes: ['PROGRAM_COORDINATION'],
        dataCategories: ['HEALTH'],
        recipients: [`org-health-centre-${REGION_SLUG[region]}`],
        lawfulBasis: 'EXPLICIT_CONSENT',
      });
    const updatedOn = addDays(registeredOn, random.int(20, 400));
    if (random.chance(0.08) && updatedOn < today) {
      const phone = inventPhone(random);
      onClient(client, updatedOn, 'updateClientContact', () => ({ clientId: id.value, phone }));
    }
    return client;
  }

  /** Schedules on the client's chain and remembers the client's last activity (a departure must come after it). */
  function onClient(
    client: ClientSim,
    date: string,
    verb: SeedMutation,
    input: (at: string) => Record<string, unknown>,
    onResult?: (payload: Record<string, unknown>) => void,
  ): void {
    if (date > client.lastActivity) client.lastActivity = date;
    plan.schedule(date, client.key, verb, input, onResult);
  }

  function clientLanguages(origin: Origin): string[] {
    const languages = [...origin.languages];
    if (random.chance(0.55)) languages.push('cs');
    if (random.chance(0.3)) languages.push('en');
    return [...new Set(languages)];
  }

  function giveConsent(
    client: ClientSim,
    givenOn: string,
    consent: ServerId,
    scope: {
      purposes: string[];
      dataCategories: string[];
      recipients: string[];
      lawfulBasis: 'CONSENT' | 'EXPLICIT_CONSENT';
      expiresOn?: string;
    },
  ): void {
    counts.consents += 1;
    const year = givenOn.slice(0, 4);
    const details = {
      ...scope,
      method: random.weighted([
        ['WRITTEN_FORM', 80],
        ['ELECTRONIC', 12],
        ['VERBAL_WITNESSED', 8],
      ] as const),
      evidenceRef: `FORM-${year}-${String(random.int(1, 9999)).padStart(4, '0')}`,
      noticeVersion: `${year}-01`,
      language: client.languages[0] ?? 'cs',
      interpreterUsed: !client.languages.includes('cs'),
    };
    onClient(
      client,
      givenOn,
      'giveConsent',
      (at) => ({ clientId: client.id.value, ...details, givenOn: at }),
      (payload) => consent.set(idOf(payload, 'consent')),
    );
  }

  function requestDisclosure(client: ClientSim, on: string, request: Record<string, unknown>): void {
    counts.disclosuresRequested += 1;
    onClient(client, on, 'discloseInformation', () => ({ clientId: client.id.value, ...request }));
  }

  function withdrawConsent(client: ClientSim, on: string, consent: ServerId): void {
    counts.withdrawals += 1;
    const method = random.pick(['WRITTEN_FORM', 'VERBAL_WITNESSED', 'ELECTRONIC'] as const);
    onClient(client, on, 'withdrawConsent', (at) => ({
      clientId: client.id.value,
      consentId: consent.value,
      method,
      withdrawnOn: at,
    }));
  }

  /** Referral to a partner organisation: consent, a disclosure under it, sometimes a withdrawal and a refused request. */
  function planReferral(client: ClientSim): void {
    const givenOn = addDays(client.registeredOn, random.int(0, 60));
    const recipient = random.pick([
      `org-legal-aid-${REGION_SLUG[client.region]}`,
      `org-integration-centre-${REGION_SLUG[client.region]}`,
    ]);
    const disclosedOn = addDays(givenOn, random.int(1, 20));
    const discloses = random.chance(0.6);
    const withdrawnOn = addDays(givenOn, random.int(30, 200));
    const withdraws = random.chance(0.2);
    const refusedOn = addDays(withdrawnOn, random.int(3, 30));
    const triesAfterWithdrawal = random.chance(0.5);
    const categories = random.chance(0.5) ? ['IDENTITY', 'CONTACT'] : ['CONTACT'];
    if (givenOn >= today) return;

    const consent = new ServerId(`${client.key}:referral`);
    giveConsent(client, givenOn, consent, {
      purposes: ['REFERRAL'],
      dataCategories: ['IDENTITY', 'CONTACT', 'RESIDENCE_STATUS'],
      recipients: [recipient],
      lawfulBasis: 'CONSENT',
      expiresOn: addDays(givenOn, 365),
    });
    const request = { recipient, purpose: 'REFERRAL', dataCategories: categories };
    if (discloses && disclosedOn < today) requestDisclosure(client, disclosedOn, request);
    if (withdraws && withdrawnOn < today) {
      withdrawConsent(client, withdrawnOn, consent);
      // Asking again after the withdrawal is refused, and the refusal stays in the audit trail.
      if (triesAfterWithdrawal && refusedOn < today) requestDisclosure(client, refusedOn, request);
    }
  }

  function planMatching(client: ClientSim): void {
    let proposedOn = addDays(client.registeredOn, random.int(5, 30));
    const tried = new Set<VolunteerSim>();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const declined = attempt === 0 && random.chance(0.08);
      const acceptedOn = addDays(proposedOn, random.int(1, 4));
      const plannedEnd = addDays(acceptedOn, random.int(120, 540));
      if (proposedOn >= addDays(today, -1)) return;
      const window: Window = declined
        ? { from: proposedOn, to: addDays(proposedOn, 3) }
        : { from: proposedOn, ...(plannedEnd < today ? { to: addDays(plannedEnd, 1) } : {}) };
      const volunteer = chooseVolunteer(client, window, tried);
      if (volunteer === undefined) return;
      tried.add(volunteer);
      if (declined) {
        planDeclinedProposal(client, volunteer, proposedOn);
        proposedOn = addDays(proposedOn, random.int(4, 10));
        continue;
      }
      planMatch(client, volunteer, proposedOn, acceptedOn, plannedEnd);
      return;
    }
  }

  function chooseVolunteer(
    client: ClientSim,
    window: Window,
    exclude: Set<VolunteerSim>,
  ): VolunteerSim | undefined {
    const candidates = volunteers.filter(
      (volunteer) =>
        !exclude.has(volunteer) &&
        volunteer.regions.includes(client.region) &&
        volunteer.languages.some((language) => client.languages.includes(language)) &&
        availableOn(volunteer, window.from) &&
        (volunteer.leftOn === undefined || window.from < addDays(volunteer.leftOn, -30)) &&
        !volunteer.pauses.some((pause) => overlaps({ from: pause.from, to: addDays(pause.to, 1) }, window)) &&
        peakLoad(volunteer, window) <= (options.clientLimit ?? 2),
    );
    const ranked = candidates
      .map((volunteer) => ({
        volunteer,
        score: volunteer.interests.filter((need) => client.needs.includes(need)).length + random.next() * 1.5,
      }))
      .sort((left, right) => right.score - left.score);
    return ranked[0]?.volunteer;
  }

  function proposal(
    client: ClientSim,
    volunteer: VolunteerSim,
    proposedOn: string,
    key: string,
    match: ServerId,
  ): void {
    counts.matchesProposed += 1;
    const rationale = [
      'REGION',
      'LANGUAGE',
      ...(volunteer.interests.some((need) => client.needs.includes(need)) ? ['NEEDS'] : []),
    ];
    plan.schedule(
      proposedOn,
      key,
      'proposeMatch',
      () => ({ volunteerId: volunteer.id.value, clientId: client.id.value, rationale }),
      (payload) => match.set(idOf(payload, 'match')),
    );
  }

  function planDeclinedProposal(client: ClientSim, volunteer: VolunteerSim, proposedOn: string): void {
    const key = `match:${client.key}:${volunteer.key}`;
    const match = new ServerId(key);
    proposal(client, volunteer, proposedOn, key, match);
    const declinedOn = addDays(proposedOn, 2);
    volunteer.load.push({ from: proposedOn, to: addDays(declinedOn, 1) });
    const by = random.pick(['VOLUNTEER', 'CLIENT'] as const);
    const reasonCode = random.pick(['SCHEDULE_CONFLICT', 'PREFERENCE', 'DISTANCE']);
    plan.schedule(declinedOn, key, 'declineMatch', () => ({ matchId: match.value, by, reasonCode }));
  }

  function planMatch(
    client: ClientSim,
    volunteer: VolunteerSim,
    proposedOn: string,
    acceptedOn: string,
    plannedEnd: string,
  ): void {
    const key = `match:${client.key}:${volunteer.key}`;
    const match = new ServerId(key);
    proposal(client, volunteer, proposedOn, key, match);
    if (acceptedOn >= today) {
      volunteer.load.push({ from: proposedOn });
      return;
    }
    counts.matchesAccepted += 1;
    plan.schedule(acceptedOn, key, 'acceptMatch', () => ({ matchId: match.value }));
    if (client.matchingConsent === null) {
      const consentOn = addDays(acceptedOn, random.int(2, 10));
      if (consentOn < today)
        giveConsent(client, consentOn, new ServerId(`${client.key}:late-consent`), {
          purposes: ['VOLUNTEER_MATCHING'],
          dataCategories: ['CONTACT'],
          recipients: ['ASSIGNED_VOLUNTEER'],
          lawfulBasis: 'CONSENT',
        });
    }

    let endedOn: string | undefined = plannedEnd < today ? plannedEnd : undefined;
    let endReason = random.pick(['GOAL_REACHED', 'CLIENT_MOVED', 'MUTUAL_AGREEMENT', 'VOLUNTEER_CAPACITY']);
    if (volunteer.leftOn !== undefined && (endedOn === undefined || endedOn >= volunteer.leftOn)) {
      endedOn = addDays(volunteer.leftOn, -1);
      endReason = 'VOLUNTEER_LEFT';
    }
    volunteer.load.push({ from: proposedOn, ...(endedOn === undefined ? {} : { to: addDays(endedOn, 1) }) });
    const lastDay = endedOn ?? addDays(today, -1);

    const length = daysBetween(acceptedOn, lastDay);
    const pauseFrom = addDays(acceptedOn, random.int(30, Math.max(30, length - 60)));
    const pause =
      length > 120 && random.chance(0.1)
        ? { from: pauseFrom, to: addDays(pauseFrom, random.int(14, 45)) }
        : undefined;
    if (pause !== undefined) {
      const reasonCode = random.pick(['CLIENT_ILLNESS', 'HOLIDAYS', 'VOLUNTEER_EXAMS']);
      plan.schedule(pause.from, key, 'pauseMatch', () => ({ matchId: match.value, reasonCode }));
      plan.schedule(pause.to, key, 'resumeMatch', () => ({
        matchId: match.value,
        reasonCode: 'READY_AGAIN',
      }));
    }

    for (
      let date = addDays(acceptedOn, random.int(2, 7));
      date <= lastDay;
      date = addDays(date, random.int(6, 16))
    ) {
      if (pause !== undefined && pause.from <= date && date <= pause.to) continue;
      planMeeting(client, match, key, date, endedOn);
    }
    if (endedOn === undefined) return;
    const closedOn = endedOn;
    counts.matchesEnded += 1;
    client.matchEndedOn = closedOn;
    plan.schedule(closedOn, key, 'endMatch', () => ({
      matchId: match.value,
      reasonCode: endReason,
      endedOn: closedOn,
    }));
    const withdrawnOn = addDays(closedOn, random.int(1, 30));
    if (client.matchingConsent !== null && random.chance(0.1) && withdrawnOn < today)
      withdrawConsent(client, withdrawnOn, client.matchingConsent);
  }

  function planMeeting(
    client: ClientSim,
    match: ServerId,
    key: string,
    date: string,
    endedOn: string | undefined,
  ): void {
    counts.meetings += 1;
    const meeting = new ServerId(`${key}:meeting`);
    let loggedOn = random.chance(0.7) ? date : addDays(date, random.int(1, 3));
    if (loggedOn > today) loggedOn = today;
    // Logged by the end day at the latest, so that the log precedes the end on the match's chain.
    if (endedOn !== undefined && loggedOn > endedOn) loggedOn = date;
    const details = {
      date,
      hours: random.weighted([
        [1, 20],
        [1.5, 30],
        [2, 30],
        [2.5, 8],
        [3, 8],
        [4, 4],
      ] as const),
      activity: ACTIVITY_FOR_NEED[random.pick(client.needs)],
      place: random.chance(0.7) ? 'OUTSIDE' : 'ON_PREMISES',
    };
    plan.schedule(
      loggedOn,
      key,
      'logMeeting',
      () => ({ matchId: match.value, ...details }),
      (payload) => meeting.set(stringField(payload, 'meetingId')),
    );
    const decidedOn = addDays(loggedOn, random.int(1, 10));
    const decision = random.weighted([
      ['approve', 95],
      ['decline', 2],
      ['pending', 3],
    ] as const);
    if (decidedOn > today) return;
    if (decision === 'approve')
      plan.schedule(decidedOn, key, 'approveMeeting', () => ({
        matchId: match.value,
        meetingId: meeting.value,
      }));
    if (decision === 'decline')
      plan.schedule(decidedOn, key, 'declineMeeting', () => ({
        matchId: match.value,
        meetingId: meeting.value,
        reasonCode: 'NOT_A_PROGRAM_ACTIVITY',
      }));
  }

  function planSessions(): void {
    for (let month = firstDay.slice(0, 7); month <= today.slice(0, 7); month = nextMonth(month)) {
      REGIONS.forEach(([region], offset) => {
        // Prague meets on the second Tuesday, Central Bohemia on the Wednesday, Liberec on the Thursday.
        planSession(
          'recordGroupMeeting',
          region,
          nthWeekday(month, 2, 2 + offset),
          `coordinator-${REGION_SLUG[region]}`,
          [0.35, 0.65],
        );
        if (['02', '05', '08', '11'].includes(month.slice(5)))
          planSession(
            'recordSupervisionSession',
            region,
            nthWeekday(month, 4, 4),
            `supervisor-${REGION_SLUG[region]}`,
            [0.5, 0.8],
          );
      });
    }
  }

  function planSession(
    verb: 'recordGroupMeeting' | 'recordSupervisionSession',
    region: Region,
    date: string,
    facilitator: string,
    [low, high]: readonly [number, number],
  ): void {
    const serving = volunteers.filter(
      (volunteer) => volunteer.regions[0] === region && availableOn(volunteer, date),
    );
    const attendees = random.sample(
      serving,
      Math.round(serving.length * (low + random.next() * (high - low))),
    );
    if (date <= firstDay || date >= today || attendees.length === 0) return;
    counts.sessions += 1;
    plan.schedule(date, `session:${region}:${date}:${verb}`, verb, () => ({
      date,
      region,
      facilitator,
      attendees: attendees.map((volunteer) => volunteer.id.value),
    }));
  }

  function planDepartures(): void {
    const ended = clients.filter((client) => client.matchEndedOn !== undefined);
    for (const client of random.sample(ended, scaled(4))) {
      const leftOn = addDays(
        client.lastActivity > (client.matchEndedOn ?? '')
          ? client.lastActivity
          : (client.matchEndedOn ?? today),
        random.int(1, 20),
      );
      const reasonCode = random.pick(['MOVED_ABROAD', 'RELOCATED_IN_CZECHIA', 'PROGRAM_COMPLETED']);
      if (leftOn >= today) continue;
      counts.clientsDeparted += 1;
      plan.schedule(leftOn, client.key, 'recordClientDeparture', () => ({
        clientId: client.id.value,
        leftOn,
        reasonCode,
      }));
    }
  }

  /** Now and then a legal obligation: disclosed without consent, citing the provision. */
  function planLegalObligations(): void {
    for (const client of random.sample(clients, scaled(2))) {
      const on = addDays(client.registeredOn, random.int(3, 25));
      if (on >= today) continue;
      requestDisclosure(client, on, {
        recipient: 'authority-foreign-police',
        purpose: 'PROGRAM_COORDINATION',
        dataCategories: ['IDENTITY', 'RESIDENCE_STATUS'],
        legalObligation: 'Act 326/1999 Sb., § 102',
      });
    }
  }
}

const pad = (value: number): string => String(value).padStart(2, '0');

function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01` : `${year}-${pad(number + 1)}`;
}

/** The `nth` occurrence of an ISO weekday (1 = Monday) in a month. */
function nthWeekday(month: string, nth: number, isoWeekday: number): string {
  const first = new Date(`${month}-01T00:00:00.000Z`);
  const firstWeekday = ((first.getUTCDay() + 6) % 7) + 1;
  const day = 1 + ((isoWeekday - firstWeekday + 7) % 7) + (nth - 1) * 7;
  return `${month}-${pad(day)}`;
}

function idOf(payload: Record<string, unknown>, field: string): string {
  const record = payload[field] as { id?: unknown } | undefined;
  if (typeof record?.id !== 'string') throw new Error(`seed: the payload carries no ${field} id`);
  return record.id;
}

function stringField(payload: Record<string, unknown>, field: string): string {
  const value = payload[field];
  if (typeof value !== 'string') throw new Error(`seed: the payload carries no ${field}`);
  return value;
}
