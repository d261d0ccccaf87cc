import { suggestVolunteers, type SuggestionCandidate, type SuggestionClient } from './suggest-volunteers';

const client: SuggestionClient = {
  region: 'PRAGUE',
  languages: ['uk', 'ru'],
  needs: ['CZECH_PRACTICE', 'ORIENTATION'],
  availability: [
    { day: 'MONDAY', part: 'EVENING' },
    { day: 'SATURDAY', part: 'MORNING' },
  ],
};
const candidate = (
  volunteerId: string,
  overrides: Partial<SuggestionCandidate> = {},
): SuggestionCandidate => ({
  volunteerId,
  active: true,
  insured: true,
  regions: ['PRAGUE'],
  languages: ['cs', 'uk'],
  interests: [],
  availability: [],
  currentMatchCount: 0,
  ...overrides,
});

describe('suggestVolunteers', () => {
  it('leaves out volunteers that a proposal would reject', () => {
    const result = suggestVolunteers(client, [
      candidate('inactive', { active: false }),
      candidate('uninsured', { insured: false }),
      candidate('elsewhere', { regions: ['LIBEREC'] }),
      candidate('no-language', { languages: ['cs'] }),
      candidate('full', { currentMatchCount: 2 }),
      candidate('already-matched', { openMatchesWithClient: 1 }),
      candidate('eligible'),
    ]);
    expect(result.map((suggestion) => suggestion.volunteerId)).toEqual(['eligible']);
  });

  it('ranks needs met above availability, availability above load, and explains each criterion', () => {
    const result = suggestVolunteers(client, [
      candidate('free-but-unsuited'),
      candidate('same-evenings', {
        availability: [{ day: 'MONDAY', part: 'EVENING' }],
        currentMatchCount: 1,
      }),
      candidate('teaches-czech', { interests: ['CZECH_PRACTICE', 'CHILD_TUTORING'], currentMatchCount: 1 }),
    ]);
    expect(result.map((suggestion) => suggestion.volunteerId)).toEqual([
      'teaches-czech',
      'same-evenings',
      'free-but-unsuited',
    ]);
    expect(result[0]?.explanation).toEqual({
      region: true,
      sharedLanguages: ['uk'],
      needsMet: ['CZECH_PRACTICE'],
      availabilityOverlap: [],
      freeCapacity: 1,
    });
    expect(result[1]?.explanation.availabilityOverlap).toEqual([{ day: 'MONDAY', part: 'EVENING' }]);
  });

  it('keeps input order on ties, honours a configured client limit and truncates', () => {
    const result = suggestVolunteers(
      client,
      [candidate('a'), candidate('b'), candidate('c', { currentMatchCount: 2 })],
      {
        clientLimit: 3,
        limit: 2,
      },
    );
    expect(result.map((suggestion) => suggestion.volunteerId)).toEqual(['a', 'b']);
    expect(result[0]?.explanation.freeCapacity).toBe(3);
  });
});
