import {
  clientDecider,
  fold,
  PERSONAL_DATA_FIELDS,
  volunteerDecider,
  type ClientEvent,
  type VolunteerEvent,
} from './index';

/**
 * Write-side states are cached between commands (ADR 12) and survive crypto-shredding there, so no decider may
 * keep a personal value in its state: each is folded from events whose personal fields carry markers, and no
 * marker may be found in the state.
 */
const marker = (field: string) => `personal-${field}-marker`;

const client: ClientEvent[] = [
  {
    type: 'ClientRegistered',
    data: {
      clientId: 'c0ffee00-0000-7000-8000-000000000001',
      name: marker('name'),
      contact: { phone: marker('phone'), email: marker('email'), address: marker('address') },
      dateOfBirth: marker('dateOfBirth'),
      countryOfOrigin: marker('countryOfOrigin'),
      languages: ['uk'],
      region: 'PRAGUE',
      needs: ['CZECH_PRACTICE'],
      availability: [],
      registeredAt: '2025-03-01T09:00:00.000Z',
    },
  },
  {
    type: 'ClientContactUpdated',
    data: { contact: { phone: marker('newPhone') }, updatedAt: '2025-03-02T09:00:00.000Z' },
  },
];

const volunteer: VolunteerEvent[] = [
  {
    type: 'VolunteerRegistered',
    data: {
      volunteerId: 'v0000000-0000-7000-8000-000000000002',
      name: marker('name'),
      email: marker('email'),
      phone: marker('phone'),
      dateOfBirth: marker('dateOfBirth'),
      languages: ['cs'],
      regions: ['PRAGUE'],
      availability: [],
      interests: [],
      registeredAt: '2025-03-01T09:00:00.000Z',
    },
  },
  {
    type: 'ConsultationHeld',
    data: { consultationId: 'k-1', with: 'SOCIAL_WORKER', heldOn: '2025-05-09', notes: marker('notes') },
  },
];

describe('decider states', () => {
  it('fold every event type that carries personal data here', () => {
    const covered = [...client, ...volunteer].map((event) => event.type);
    expect([...new Set(covered)].sort()).toEqual(Object.keys(PERSONAL_DATA_FIELDS).sort());
    for (const event of [...client, ...volunteer])
      for (const field of PERSONAL_DATA_FIELDS[event.type] ?? [])
        expect(JSON.stringify((event.data as Record<string, unknown>)[field])).toMatch(/personal-\w+-marker/);
  });

  it.each([
    ['client', () => fold(clientDecider, client)],
    ['volunteer', () => fold(volunteerDecider, volunteer)],
  ])('keep no personal value in the %s state', (_name, folded) => {
    expect(JSON.stringify(folded())).not.toMatch(/personal-[A-Za-z]+-marker/);
  });
});
