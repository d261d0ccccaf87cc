import { DEFAULT_CLIENT_LIMIT } from '../match/match.commands';
import type { AvailabilitySlot, LanguageCode, Need, Region } from '../../shared/reference-data';

export interface SuggestionClient {
  readonly region: Region;
  readonly languages: readonly LanguageCode[];
  readonly needs: readonly Need[];
  readonly availability: readonly AvailabilitySlot[];
}

export interface SuggestionCandidate {
  readonly volunteerId: string;
  /** Only ACTIVE, insured volunteers are eligible; the caller states what it looked up. */
  readonly active: boolean;
  readonly insured: boolean;
  readonly regions: readonly Region[];
  readonly languages: readonly LanguageCode[];
  readonly interests: readonly Need[];
  readonly availability: readonly AvailabilitySlot[];
  readonly currentMatchCount: number;
  /** PROPOSED, ACTIVE or PAUSED matches of this volunteer with this client; omitted reads as none. */
  readonly openMatchesWithClient?: number;
}

/** Per criterion, whether it matched and what matched, so a coordinator sees why a volunteer ranks where they do. */
export interface SuggestionExplanation {
  readonly region: boolean;
  readonly sharedLanguages: readonly LanguageCode[];
  readonly needsMet: readonly Need[];
  readonly availabilityOverlap: readonly AvailabilitySlot[];
  /** Free places left under the client limit. */
  readonly freeCapacity: number;
}

export interface Suggestion {
  readonly volunteerId: string;
  readonly score: number;
  readonly explanation: SuggestionExplanation;
}

export interface SuggestionOptions {
  readonly clientLimit?: number;
  readonly limit?: number;
}

// Weights put what a client asked for first, then when they can meet; a lighter load breaks ties.
const WEIGHT = { need: 10, slot: 3, language: 2, freePlace: 1 } as const;

const sameSlot = (a: AvailabilitySlot, b: AvailabilitySlot): boolean => a.day === b.day && a.part === b.part;

/**
 * Ranks the volunteers who could be proposed to a client. Region, a shared language, no open match with this
 * client and free capacity are the same hard rules ProposeMatch checks (together with active and insured);
 * needs met, availability overlap, extra shared languages and load only order the eligible ones. Ties keep the
 * input order.
 */
export function suggestVolunteers(
  client: SuggestionClient,
  candidates: readonly SuggestionCandidate[],
  options: SuggestionOptions = {},
): Suggestion[] {
  const clientLimit = options.clientLimit ?? DEFAULT_CLIENT_LIMIT;
  const ranked = candidates
    .map((candidate, index) => {
      const explanation: SuggestionExplanation = {
        region: candidate.regions.includes(client.region),
        sharedLanguages: candidate.languages.filter((language) => client.languages.includes(language)),
        needsMet: client.needs.filter((need) => candidate.interests.includes(need)),
        availabilityOverlap: client.availability.filter((slot) =>
          candidate.availability.some((other) => sameSlot(slot, other)),
        ),
        freeCapacity: Math.max(0, clientLimit - candidate.currentMatchCount),
      };
      const eligible =
        candidate.active &&
        candidate.insured &&
        explanation.region &&
        explanation.sharedLanguages.length > 0 &&
        (candidate.openMatchesWithClient ?? 0) === 0 &&
        explanation.freeCapacity > 0;
      const score =
        explanation.needsMet.length * WEIGHT.need +
        explanation.availabilityOverlap.length * WEIGHT.slot +
        explanation.sharedLanguages.length * WEIGHT.language +
        explanation.freeCapacity * WEIGHT.freePlace;
      return { eligible, index, suggestion: { volunteerId: candidate.volunteerId, score, explanation } };
    })
    .filter((entry) => entry.eligible)
    .sort((a, b) => b.suggestion.score - a.suggestion.score || a.index - b.index)
    .map((entry) => entry.suggestion);
  return options.limit === undefined ? ranked : ranked.slice(0, options.limit);
}
