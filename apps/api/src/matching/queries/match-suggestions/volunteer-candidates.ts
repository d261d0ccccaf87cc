import type { JsonObject, Page } from '@app/read-models';
import { findDocuments, type ReadSide } from '../../../platform/read-side';

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
  let after: string | null = null;
  for (;;) {
    const page: Page<JsonObject> = await findDocuments<JsonObject>(readSide, VOLUNTEERS, {
      filter: { status: 'ACTIVE', regions: { $contains: region } },
      first: PAGE,
      after,
    });
    for (const item of page.items) {
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
    if (!page.hasNextPage) return found;
    after = page.endCursor;
  }
}
