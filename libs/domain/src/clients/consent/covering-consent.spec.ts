import fc from 'fast-check';
import type { ClientEvent, ConsentGiven, ConsentWithdrawn } from '../client/client.events';
import { DATA_CATEGORIES, PURPOSES, type DataCategory, type Purpose } from './consent.types';
import { consentsAsOf, coveringConsent, describeCoverageFailure } from './covering-consent';

const DAY = 24 * 60 * 60 * 1000;
/** Forty days from here span the start of summer time in Prague (30 March 2025). */
const BASE = Date.UTC(2025, 2, 10);
const VOLUNTEER = 'volunteer-a';
const RECIPIENTS = [VOLUNTEER, 'volunteer-b', 'org-legal-aid', 'ASSIGNED_VOLUNTEER'];
const SPECIAL = ['HEALTH', 'RELIGION_OR_BELIEF', 'ETHNIC_ORIGIN'];

// --- A deliberately naive reference: one consent, every condition spelled out with plain Date arithmetic. ---
// A bare date is a day in Prague. By the EU rule, Prague is on summer time (UTC+2) from 01:00 UTC on the last
// Sunday of March to 01:00 UTC on the last Sunday of October, so a day's midnight there is UTC+2 from the
// day after the first Sunday up to and including the second, and UTC+1 otherwise.
const lastSundayOf = (year: number, monthIndex: number): number => {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return lastDay.getUTCDate() - lastDay.getUTCDay();
};
const pragueMidnightOffsetHours = (date: string): number => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const summer =
    (month > 3 && month < 10) ||
    (month === 3 && day > lastSundayOf(year, 2)) ||
    (month === 10 && day <= lastSundayOf(year, 9));
  return summer ? 2 : 1;
};
/** Midnight in Prague at the end of a date: the next date's, since a day of a clock change has 23 or 25 hours. */
const naiveEndOfDay = (date: string): number =>
  naiveMillis(new Date(Date.parse(`${date}T12:00:00Z`) + DAY).toISOString().slice(0, 10));
const naiveMillis = (value: string): number =>
  value.length === 10
    ? new Date(`${value}T00:00:00+0${pragueMidnightOffsetHours(value)}:00`).getTime()
    : new Date(value).getTime();

function naiveCovers(
  history: readonly ClientEvent[],
  consent: ConsentGiven['data'],
  recipient: string,
  purpose: string,
  categories: readonly string[],
  at: number,
  assignedVolunteerId: string | undefined,
): boolean {
  if (naiveMillis(consent.givenOn) > at) return false;
  for (const event of history) {
    if (event.type === 'ConsentWithdrawn' && event.data.consentId === consent.consentId) {
      if (naiveMillis(event.data.withdrawnOn) <= at) return false;
    }
  }
  if (consent.expiresOn !== undefined && at >= naiveEndOfDay(consent.expiresOn)) return false;
  const namesRecipient =
    consent.recipients.includes(recipient) ||
    (consent.recipients.includes('ASSIGNED_VOLUNTEER') && assignedVolunteerId === recipient);
  if (!namesRecipient) return false;
  if (!consent.purposes.includes(purpose as Purpose)) return false;
  for (const category of categories)
    if (!consent.dataCategories.includes(category as DataCategory)) return false;
  if (
    categories.some((category) => SPECIAL.includes(category)) &&
    consent.lawfulBasis !== 'EXPLICIT_CONSENT'
  ) {
    return false;
  }
  return true;
}

const naiveAnyCovers = (
  history: readonly ClientEvent[],
  recipient: string,
  purpose: string,
  categories: readonly string[],
  at: number,
  assignedVolunteerId: string | undefined,
): boolean =>
  history.some(
    (event) =>
      event.type === 'ConsentGiven' &&
      naiveCovers(history, event.data, recipient, purpose, categories, at, assignedVolunteerId),
  );

// --- Generators over small spaces so that coverage and non-coverage both occur often. ---
const moment = fc
  .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 23 }), fc.boolean())
  .map(([day, hour, asDate]) =>
    asDate
      ? new Date(BASE + day * DAY).toISOString().slice(0, 10)
      : new Date(BASE + day * DAY + hour * 3_600_000).toISOString(),
  );
/** Present one time in three: withdrawals and expiries that are everywhere would leave little to cover. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary, weight: 1 });
const someOf = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });

const consentArbitrary = (consentId: string) =>
  fc
    .record({
      purposes: someOf(PURPOSES),
      dataCategories: someOf(DATA_CATEGORIES),
      recipients: someOf(RECIPIENTS),
      lawfulBasis: fc.constantFrom('CONSENT' as const, 'EXPLICIT_CONSENT' as const),
      givenOn: moment,
      expiresInDays: rarely(fc.integer({ min: 0, max: 30 })),
      withdrawal: rarely(moment),
    })
    .map(({ expiresInDays, withdrawal, ...rest }): ClientEvent[] => {
      const given: ConsentGiven = {
        type: 'ConsentGiven',
        data: {
          consentId,
          ...rest,
          ...(expiresInDays === undefined
            ? {}
            : {
                expiresOn: new Date(naiveMillis(rest.givenOn) + expiresInDays * DAY)
                  .toISOString()
                  .slice(0, 10),
              }),
          method: 'WRITTEN_FORM',
          evidenceRef: 'E',
          noticeVersion: 'v1',
          language: 'uk',
          interpreterUsed: false,
          recordedAt: rest.givenOn,
        },
      };
      if (withdrawal === undefined) return [given];
      const withdrawn: ConsentWithdrawn = {
        type: 'ConsentWithdrawn',
        data: { consentId, withdrawnOn: withdrawal, method: 'ELECTRONIC', recordedAt: withdrawal },
      };
      return [given, withdrawn];
    });

const historyArbitrary = fc
  .integer({ min: 0, max: 4 })
  .chain((count) =>
    fc.tuple(...Array.from({ length: count }, (_, index) => consentArbitrary(`consent-${index}`))),
  )
  .map((groups) => groups.flat());

interface Request {
  readonly recipient: string;
  readonly purpose: Purpose;
  readonly categories: DataCategory[];
  readonly at: string;
  readonly assignedVolunteerId: string | undefined;
}

const freeRequest: fc.Arbitrary<Request> = fc.record({
  recipient: fc.constantFrom(VOLUNTEER, 'volunteer-b', 'org-legal-aid'),
  purpose: fc.constantFrom(...PURPOSES),
  categories: someOf(DATA_CATEGORIES),
  at: moment.map((value) => new Date(naiveMillis(value)).toISOString()),
  assignedVolunteerId: fc.option(fc.constantFrom(VOLUNTEER, 'volunteer-b'), { nil: undefined }),
});

/** Half the requests ask for what one of the history's consents names, so that coverage is common too. */
const requestFor = (history: readonly ClientEvent[]): fc.Arbitrary<Request> => {
  const consents = history.flatMap((event) => (event.type === 'ConsentGiven' ? [event.data] : []));
  if (consents.length === 0) return freeRequest;
  const boundaries = history.flatMap((event) =>
    event.type === 'ConsentWithdrawn'
      ? [naiveMillis(event.data.withdrawnOn)]
      : event.type !== 'ConsentGiven'
        ? []
        : [
            naiveMillis(event.data.givenOn),
            ...(event.data.expiresOn === undefined ? [] : [naiveEndOfDay(event.data.expiresOn)]),
          ],
  );
  const aimed = fc.constantFrom(...consents).chain((consent): fc.Arbitrary<Request> =>
    fc.record({
      recipient: fc.constantFrom(VOLUNTEER, ...consent.recipients.filter((r) => r !== 'ASSIGNED_VOLUNTEER')),
      purpose: fc.constantFrom(...consent.purposes),
      categories: someOf(consent.dataCategories),
      at: fc.oneof(
        fc
          .integer({ min: 0, max: 20 * DAY })
          .map((offset) => new Date(naiveMillis(consent.givenOn) + offset).toISOString()),
        // Exactly at a boundary (giving, withdrawal, expiry) and a millisecond before it.
        fc
          .tuple(fc.constantFrom(...boundaries), fc.constantFrom(0, -1))
          .map(([boundary, shift]) => new Date(boundary + shift).toISOString()),
      ),
      assignedVolunteerId: fc.option(fc.constantFrom(VOLUNTEER, 'volunteer-b'), { nil: undefined }),
    }),
  );
  return fc.oneof(freeRequest, aimed);
};

const scenario = historyArbitrary.chain((history) => fc.tuple(fc.constant(history), requestFor(history)));

const contextOf = (assignedVolunteerId: string | undefined) =>
  assignedVolunteerId === undefined ? {} : { assignedVolunteerId };

describe('coveringConsent', () => {
  it('agrees with the naive reference on random histories', () => {
    const outcomes = { covered: 0, refused: 0 };
    fc.assert(
      fc.property(scenario, ([history, request]) => {
        const verdict = coveringConsent(
          history,
          request.recipient,
          request.purpose,
          request.categories,
          request.at,
          contextOf(request.assignedVolunteerId),
        );
        const expected = naiveAnyCovers(
          history,
          request.recipient,
          request.purpose,
          request.categories,
          Date.parse(request.at),
          request.assignedVolunteerId,
        );
        expect(verdict.covered).toBe(expected);
        outcomes[verdict.covered ? 'covered' : 'refused'] += 1;
        if (verdict.covered) {
          expect(
            naiveCovers(
              history,
              verdict.consent,
              request.recipient,
              request.purpose,
              request.categories,
              Date.parse(request.at),
              request.assignedVolunteerId,
            ),
          ).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
    // The comparison is only meaningful if both verdicts occurred often.
    expect(outcomes.covered).toBeGreaterThan(100);
    expect(outcomes.refused).toBeGreaterThan(100);
  });

  it('explains a miss with NOT_FOUND exactly when nothing had been given yet, otherwise with a consent given by then', () => {
    fc.assert(
      fc.property(scenario, ([history, request]) => {
        const verdict = coveringConsent(
          history,
          request.recipient,
          request.purpose,
          request.categories,
          request.at,
        );
        if (verdict.covered) return;
        const givenByThen = history.filter(
          (event): event is ConsentGiven =>
            event.type === 'ConsentGiven' && naiveMillis(event.data.givenOn) <= Date.parse(request.at),
        );
        if (verdict.reason.code === 'CONSENT.NOT_FOUND') {
          expect(givenByThen).toEqual([]);
        } else {
          const { consentId } = verdict.reason;
          expect(givenByThen.map((event) => event.data.consentId)).toContain(consentId);
        }
        expect(describeCoverageFailure(verdict.reason)).not.toHaveLength(0);
      }),
      { numRuns: 500 },
    );
  });

  it('covering a set of categories implies covering every subset of it', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 8 }), ([history, request], drop) => {
        const full = coveringConsent(
          history,
          request.recipient,
          request.purpose,
          request.categories,
          request.at,
        );
        fc.pre(full.covered && request.categories.length > 1);
        const subset = request.categories.filter((_, index) => index !== drop % request.categories.length);
        expect(coveringConsent(history, request.recipient, request.purpose, subset, request.at).covered).toBe(
          true,
        );
      }),
      { numRuns: 300 },
    );
  });

  describe('examples', () => {
    const given = (data: Partial<ConsentGiven['data']> = {}): ConsentGiven => ({
      type: 'ConsentGiven',
      data: {
        consentId: 'c1',
        purposes: ['VOLUNTEER_MATCHING'],
        dataCategories: ['CONTACT', 'HEALTH'],
        recipients: ['ASSIGNED_VOLUNTEER'],
        lawfulBasis: 'CONSENT',
        givenOn: '2025-01-10T10:00:00.000Z',
        expiresOn: '2025-06-30',
        method: 'WRITTEN_FORM',
        evidenceRef: 'E',
        noticeVersion: 'v1',
        language: 'uk',
        interpreterUsed: false,
        recordedAt: '2025-01-10T10:00:00.000Z',
        ...data,
      },
    });
    const ctx = { assignedVolunteerId: VOLUNTEER };
    const check = (history: ClientEvent[], at: string, categories: DataCategory[] = ['CONTACT']) =>
      coveringConsent(history, VOLUNTEER, 'VOLUNTEER_MATCHING', categories, at, ctx);

    it('covers from the instant of giving, not a moment earlier', () => {
      expect(check([given()], '2025-01-10T09:59:59.999Z')).toEqual({
        covered: false,
        reason: { code: 'CONSENT.NOT_FOUND' },
      });
      expect(check([given()], '2025-01-10T10:00:00.000Z')).toMatchObject({
        covered: true,
        consent: { consentId: 'c1' },
      });
    });
    it('stays in force through the whole expiry day in Prague, and not past its midnight there', () => {
      expect(check([given()], '2025-06-30T21:59:59.999Z').covered).toBe(true);
      expect(check([given()], '2025-06-30T22:00:00.000Z')).toEqual({
        covered: false,
        reason: { code: 'CONSENT.EXPIRED', consentId: 'c1', expiredAt: '2025-06-30T22:00:00.000Z' },
      });
    });
    it('stops covering at the effective withdrawal instant', () => {
      const withdrawn: ClientEvent = {
        type: 'ConsentWithdrawn',
        data: {
          consentId: 'c1',
          withdrawnOn: '2025-02-01',
          method: 'ELECTRONIC',
          recordedAt: '2025-02-05T00:00:00.000Z',
        },
      };
      // A withdrawal dated 1 February takes effect at midnight in Prague, 23:00 UTC in winter.
      expect(check([given(), withdrawn], '2025-01-31T22:59:59.000Z').covered).toBe(true);
      expect(check([given(), withdrawn], '2025-01-31T23:00:00.000Z')).toEqual({
        covered: false,
        reason: { code: 'CONSENT.WITHDRAWN', consentId: 'c1', withdrawnAt: '2025-01-31T23:00:00.000Z' },
      });
    });
    it('covers ASSIGNED_VOLUNTEER only for the volunteer named in the context', () => {
      expect(
        coveringConsent([given()], VOLUNTEER, 'VOLUNTEER_MATCHING', ['CONTACT'], '2025-02-01T00:00:00Z'),
      ).toEqual({
        covered: false,
        reason: { code: 'CONSENT.RECIPIENT_NOT_COVERED', consentId: 'c1' },
      });
    });
    it('names the purpose and the categories it lacks', () => {
      expect(
        coveringConsent([given()], VOLUNTEER, 'REFERRAL', ['CONTACT'], '2025-02-01T00:00:00Z', ctx).covered,
      ).toBe(false);
      expect(check([given()], '2025-02-01T00:00:00Z', ['CONTACT', 'FAMILY', 'IDENTITY'])).toEqual({
        covered: false,
        reason: { code: 'CONSENT.CATEGORY_NOT_COVERED', consentId: 'c1', categories: ['FAMILY', 'IDENTITY'] },
      });
    });
    it('requires explicit consent for special categories', () => {
      expect(check([given()], '2025-02-01T00:00:00Z', ['HEALTH'])).toEqual({
        covered: false,
        reason: { code: 'CONSENT.EXPLICIT_CONSENT_REQUIRED', consentId: 'c1', categories: ['HEALTH'] },
      });
      expect(
        check([given({ lawfulBasis: 'EXPLICIT_CONSENT' })], '2025-02-01T00:00:00Z', ['HEALTH']).covered,
      ).toBe(true);
    });
    it('prefers the most recently given of several covering consents', () => {
      const later = given({ consentId: 'c2', givenOn: '2025-01-20' });
      expect(check([later, given()], '2025-02-01T00:00:00Z')).toMatchObject({ consent: { consentId: 'c2' } });
    });
    describe('explains a refusal by the consent that covers most of the request', () => {
      const withdrawnA: ClientEvent = {
        type: 'ConsentWithdrawn',
        data: { consentId: 'a', withdrawnOn: '2025-02-01', method: 'ELECTRONIC', recordedAt: '2025-02-01' },
      };
      const history: ClientEvent[] = [
        given({ consentId: 'a', recipients: ['org-wd'] }),
        withdrawnA,
        given({ consentId: 'b', recipients: ['org-exp'], givenOn: '2025-01-20', expiresOn: '2025-02-10' }),
      ];
      const refuse = (recipient: string, purpose: Purpose = 'VOLUNTEER_MATCHING') =>
        coveringConsent(history, recipient, purpose, ['CONTACT'], '2025-03-01T00:00:00.000Z');

      it('cites the withdrawn consent that names the recipient, not an expired one that does not', () => {
        expect(refuse('org-wd')).toEqual({
          covered: false,
          reason: { code: 'CONSENT.WITHDRAWN', consentId: 'a', withdrawnAt: '2025-01-31T23:00:00.000Z' },
        });
        expect(refuse('org-exp')).toMatchObject({ reason: { code: 'CONSENT.EXPIRED', consentId: 'b' } });
      });
      it('says the recipient is not covered when no consent names it, however the others ended', () => {
        expect(refuse('nobody')).toMatchObject({ reason: { code: 'CONSENT.RECIPIENT_NOT_COVERED' } });
      });
      it('says the purpose is not covered when the consent naming the recipient lacks it', () => {
        expect(refuse('org-wd', 'REFERRAL')).toMatchObject({
          reason: { code: 'CONSENT.PURPOSE_NOT_COVERED', consentId: 'a' },
        });
      });
    });
    it('reports the status of every consent as of an instant', () => {
      const withdrawn: ClientEvent = {
        type: 'ConsentWithdrawn',
        data: { consentId: 'c2', withdrawnOn: '2025-01-25', method: 'ELECTRONIC', recordedAt: '2025-01-25' },
      };
      const asOf = consentsAsOf(
        [given(), given({ consentId: 'c2', givenOn: '2025-01-20' }), withdrawn],
        '2025-02-01',
      );
      expect(asOf.map(({ consent, status }) => [consent.consentId, status])).toEqual([
        ['c1', 'IN_FORCE'],
        ['c2', 'WITHDRAWN'],
      ]);
      expect(consentsAsOf([given()], '2025-07-02').map(({ status }) => status)).toEqual(['EXPIRED']);
    });
  });
});
