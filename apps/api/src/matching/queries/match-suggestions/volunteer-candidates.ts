import type { JsonObject } from '@app/read-models';
import { findAllDocuments, type ReadSide } from '../../../platform/read-side';

/**
 * The part of the `volunteers` read model (libs/read-models/src/volunteers) that ranking needs: clear facts
 * only, never the personal fields the document also holds.
 */
export interface VolunteerCandidateFacts {
  readonly volunteerId: string;
  readonly status: string;
  readonly regions: string[];
  readonly languages: string[];
  readonly interests: string[];
  readonly availability: { day: string; part: string }[];
  readonly insurance: { from: string; to: string }[];
}

const VOLUNTEERS = 'volunteers';
const PAGE = 500;

/** Every ACTIVE volunteer who serves the region: the eligible pool before ranking. */
export async function activeVolunteersServing(
  readSide: ReadSide,
  region: string,
): Promise<VolunteerCandidateFacts[]> {
  const found: VolunteerCandidateFacts[] = [];
  for await (const item of findAllDocuments<JsonObject>(readSide, VOLUNTEERS, {
    filter: { status: 'ACTIVE', regions: { $contains: region } },
    first: PAGE,
  })) {
    const data = item.data as unknown as VolunteerCandidateFacts;
    found.push({
      volunteerId: item.id,
      status: data.status,
      regions: data.regions,
      languages: data.languages,
      interests: data.interests,
      availability: data.availability,
      insurance: data.insurance,
    });
  }
  return found;
}
