import {
  consentReminders,
  insuranceReminders,
  meetingReminders,
  supervisionReminders,
  type ClientFacts,
  type MatchFacts,
  type VolunteerFacts,
} from './reminders';

const TODAY = '2026-03-10';

const client = (expiresOn: string | null, withdrawnOn: string | null = null): ClientFacts => ({
  clientId: 'c-1',
  region: 'PRAGUE',
  status: 'REGISTERED',
  erased: false,
  consents: [{ consentId: 'consent-1', expiresOn, withdrawnOn }],
});

const volunteer = (overrides: Partial<VolunteerFacts> = {}): VolunteerFacts => ({
  volunteerId: 'v-1',
  status: 'ACTIVE',
  regions: ['LIBEREC'],
  activatedOn: '2024-01-01',
  insurance: [{ policyRef: 'ins-1', from: '2025-01-01', to: '2026-12-31' }],
  supervisions: [
    { date: '2025-04-01' },
    { date: '2025-07-01' },
    { date: '2025-10-01' },
    { date: '2026-01-10' },
  ],
  ...overrides,
});

const match = (lastMeetingOn: string | null, acceptedOn = '2026-01-01'): MatchFacts => ({
  matchId: 'm-1',
  volunteerId: 'v-1',
  clientId: 'c-1',
  status: 'ACTIVE',
  acceptedOn,
  lastMeetingOn,
});
const regions = (): string[] => ['PRAGUE'];

describe('reminders', () => {
  it('given a consent expiring in 30 days, then a reminder with ids only; in 31 days, none', () => {
    expect(consentReminders([client('2026-04-09')], TODAY)).toEqual([
      {
        id: 'CONSENT_EXPIRING:c-1:consent-1',
        code: 'CONSENT_EXPIRING',
        subjectType: 'CLIENT',
        subjectId: 'c-1',
        relatedId: 'consent-1',
        regions: ['PRAGUE'],
        dueOn: '2026-04-09',
      },
    ]);
    expect(consentReminders([client('2026-04-10')], TODAY)).toEqual([]);
  });

  it('given a consent expiring today, then a reminder; expired yesterday, withdrawn, or without expiry, none', () => {
    expect(consentReminders([client(TODAY)], TODAY)).toHaveLength(1);
    expect(consentReminders([client('2026-03-09')], TODAY)).toEqual([]);
    expect(consentReminders([client('2026-03-20', '2026-02-01')], TODAY)).toEqual([]);
    expect(consentReminders([client(null)], TODAY)).toEqual([]);
  });

  it('given insurance ending in 30 days, then a reminder; in 31 days, or with a follow-up policy, none', () => {
    const ending = (to: string) => volunteer({ insurance: [{ policyRef: 'ins-1', from: '2025-04-10', to }] });
    expect(insuranceReminders([ending('2026-04-09')], TODAY)).toMatchObject([
      {
        code: 'INSURANCE_EXPIRING',
        subjectId: 'v-1',
        relatedId: 'ins-1',
        regions: ['LIBEREC'],
        dueOn: '2026-04-09',
      },
    ]);
    expect(insuranceReminders([ending('2026-04-10')], TODAY)).toEqual([]);
    const renewed = volunteer({
      insurance: [
        { policyRef: 'ins-1', from: '2025-04-10', to: '2026-04-09' },
        { policyRef: 'ins-2', from: '2026-04-10', to: '2027-04-09' },
      ],
    });
    expect(insuranceReminders([renewed], TODAY)).toEqual([]);
  });

  it('given the last meeting 13, 14, 29 and 30 days ago, then none, 14 days, 14 days, 30 days', () => {
    const codes = ['2026-02-25', '2026-02-24', '2026-02-09', '2026-02-08'].map(
      (last) => meetingReminders([match(last)], regions, TODAY)[0]?.code ?? null,
    );
    expect(codes).toEqual([null, 'NO_MEETING_14_DAYS', 'NO_MEETING_14_DAYS', 'NO_MEETING_30_DAYS']);
  });

  it('given an accepted match with no meeting yet, then the days count from acceptance; other statuses are skipped', () => {
    expect(meetingReminders([match(null, '2026-02-24')], regions, TODAY)).toMatchObject([
      {
        id: 'NO_MEETING:m-1',
        code: 'NO_MEETING_14_DAYS',
        subjectType: 'MATCH',
        regions: ['PRAGUE'],
        dueOn: TODAY,
      },
    ]);
    expect(meetingReminders([{ ...match('2025-01-01'), status: 'PAUSED' }], regions, TODAY)).toEqual([]);
  });

  it('given a match resumed after a long pause, then its days count from the resumption, not from before the pause', () => {
    const resumedAfterPause = { ...match('2025-12-01'), resumedOn: '2026-02-24' };
    expect(meetingReminders([resumedAfterPause], regions, TODAY)).toMatchObject([
      { code: 'NO_MEETING_14_DAYS', dueOn: TODAY },
    ]);
    expect(meetingReminders([{ ...resumedAfterPause, resumedOn: '2026-02-25' }], regions, TODAY)).toEqual([]);
  });

  it('given four supervisions in the last twelve months, then none; three (one fell out of the window), then overdue', () => {
    expect(supervisionReminders([volunteer()], TODAY)).toEqual([]);
    const oneOld = volunteer({
      supervisions: [
        { date: '2025-03-10' },
        { date: '2025-07-01' },
        { date: '2025-10-01' },
        { date: '2026-01-10' },
      ],
    });
    expect(supervisionReminders([oneOld], TODAY)).toMatchObject([
      { code: 'SUPERVISION_OVERDUE', subjectId: 'v-1' },
    ]);
  });

  it('given a volunteer active for less than a year, then no supervision reminder yet', () => {
    expect(supervisionReminders([volunteer({ activatedOn: '2025-03-11', supervisions: [] })], TODAY)).toEqual(
      [],
    );
    expect(
      supervisionReminders([volunteer({ activatedOn: '2025-03-10', supervisions: [] })], TODAY),
    ).toHaveLength(1);
  });
});
