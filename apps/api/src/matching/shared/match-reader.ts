import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig, Principal } from '@app/platform';
import { emptyPage, type Filter, type Page } from '@app/read-models';
import {
  matchClientRegionsProjection,
  matchesProjection,
  type MatchClientRegionDocument,
  type MatchDocument,
} from '@app/read-models/matching';
import { notFound } from '../../platform/commands/command-errors';
import {
  findAllDocuments,
  findDocuments,
  getDocument,
  READ_SIDE,
  type ReadSide,
} from '../../platform/read-side';
import { APP_CONFIG } from '../../platform/tokens';
import { listCursorsOf, pageOfList, type ListPage, type SealedPage } from '../../shared/cursors';
import { canSeeRegion, visibleRegions } from '../../shared/regions';

export const MATCHES = matchesProjection.name;
export const MATCH_CLIENT_REGIONS = matchClientRegionsProjection.name;
/** Read models a match mutation's payload reads: wait for both (read-your-writes). */
export const MATCH_READ_MODELS = [MATCHES, MATCH_CLIENT_REGIONS] as const;

/** Matches that hold one of the volunteer's places under the client limit. */
export const OPEN_MATCH_STATUSES = ['ACTIVE', 'PAUSED'];
/** Matches that keep the same volunteer and client from being proposed again: one open match per pair. */
export const PAIR_OPEN_MATCH_STATUSES = ['PROPOSED', ...OPEN_MATCH_STATUSES];

const JOIN_PAGE = 1000;

export interface VisibleMatch {
  readonly document: MatchDocument;
  readonly region: string | null;
  readonly position: bigint;
}

/** A page of matches as the store gives it, before its cursors are sealed. */
interface StoreMatchPage extends ListPage<VisibleMatch> {
  readonly totalCount: number;
}

export type MatchPage = SealedPage<StoreMatchPage>;

export interface MatchListFilter {
  readonly region?: string | null;
  readonly status?: string | null;
  readonly volunteerId?: string | null;
  readonly clientId?: string | null;
  readonly lastMeetingBefore?: string | null;
  readonly lastMeetingOnOrAfter?: string | null;
}

/**
 * Reads matches with the caller's region rules. MatchProposed carries no region, so a match's region is its
 * client's, joined from `match_client_regions` (a client's region never changes after registration).
 */
@Injectable()
export class MatchReader {
  constructor(
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async regionOfClient(clientId: string): Promise<string | null> {
    const found = await getDocument<MatchClientRegionDocument>(this.readSide, MATCH_CLIENT_REGIONS, clientId);
    return found?.data.region ?? null;
  }

  /** The match, or NOT_FOUND when it does not exist or lies outside the caller's regions. */
  async visibleMatch(principal: Principal, matchId: string): Promise<VisibleMatch> {
    const found = await getDocument<MatchDocument>(this.readSide, MATCHES, matchId);
    if (found === null) throw notFound('Match');
    const region = await this.regionOfClient(found.data.clientId);
    if (principal.role === 'COORDINATOR' && (region === null || !canSeeRegion(principal, region))) {
      throw notFound('Match');
    }
    return { document: found.data, region, position: found.position };
  }

  async list(
    principal: Principal,
    filter: MatchListFilter,
    first: number,
    after: string | null,
  ): Promise<MatchPage> {
    const cursors = await listCursorsOf(this.config);
    // The arguments, not the store filter: that one lists every client id of the regions and would change,
    // refusing the next page, whenever a client registers.
    return pageOfList(cursors, { name: 'matches', arguments: filter }, after, (storeAfter) =>
      this.storePage(principal, filter, first, storeAfter),
    );
  }

  private async storePage(
    principal: Principal,
    filter: MatchListFilter,
    first: number,
    after: string | null,
  ): Promise<StoreMatchPage> {
    const empty: StoreMatchPage = { ...emptyPage(), items: [], totalCount: 0 };
    const conditions: Record<string, Filter[string]> = {};
    if (filter.status) conditions.status = filter.status;
    if (filter.volunteerId) conditions.volunteerId = filter.volunteerId;
    const lastMeeting: { $lt?: string; $gte?: string } = {};
    if (filter.lastMeetingBefore) lastMeeting.$lt = filter.lastMeetingBefore;
    if (filter.lastMeetingOnOrAfter) lastMeeting.$gte = filter.lastMeetingOnOrAfter;
    if (Object.keys(lastMeeting).length > 0) conditions.lastMeetingOn = lastMeeting;

    const regions = visibleRegions(principal, filter.region ? [filter.region] : null);
    if (regions !== null) {
      if (regions.length === 0) return empty;
      const inRegions = await this.clientIdsIn(regions);
      const clientIds = filter.clientId ? inRegions.filter((id) => id === filter.clientId) : inRegions;
      if (clientIds.length === 0) return empty;
      conditions.clientId = { $in: clientIds };
    } else if (filter.clientId) {
      conditions.clientId = filter.clientId;
    }

    const collection = await this.readSide.collection(MATCHES);
    const [page, totalCount] = await Promise.all([
      findDocuments<MatchDocument>(this.readSide, MATCHES, {
        filter: conditions,
        sort: [{ field: 'proposedAt', direction: 'desc' }],
        first,
        after,
      }),
      this.readSide.documents.count(collection, conditions),
    ]);
    const regionByClient = await this.regionsOfClients(page.items.map((item) => item.data.clientId));
    return {
      items: page.items.map((item) => ({
        document: item.data,
        region: regionByClient.get(item.data.clientId) ?? null,
        position: item.position,
      })),
      endCursor: page.endCursor,
      hasNextPage: page.hasNextPage,
      cursorAt: page.cursorAt,
      totalCount,
    };
  }

  /** ACTIVE or PAUSED matches per volunteer: what counts against the client limit. */
  async openMatchCounts(volunteerIds: readonly string[]): Promise<Map<string, number>> {
    return this.countPerVolunteer(volunteerIds, { status: { $in: OPEN_MATCH_STATUSES } });
  }

  /**
   * PROPOSED, ACTIVE or PAUSED matches per volunteer with this client: what rules out another proposal. Pass
   * OPEN_MATCH_STATUSES to count only those that started (what rules out accepting a twin).
   */
  async pairOpenMatchCounts(
    clientId: string,
    volunteerIds: readonly string[],
    statuses: readonly string[] = PAIR_OPEN_MATCH_STATUSES,
  ): Promise<Map<string, number>> {
    return this.countPerVolunteer(volunteerIds, { clientId, status: { $in: [...statuses] } });
  }

  private async countPerVolunteer(
    volunteerIds: readonly string[],
    conditions: Record<string, Filter[string]>,
  ): Promise<Map<string, number>> {
    const counts = new Map<string, number>(volunteerIds.map((id) => [id, 0]));
    if (volunteerIds.length === 0) return counts;
    for await (const item of findAllDocuments<MatchDocument>(this.readSide, MATCHES, {
      filter: { ...conditions, volunteerId: { $in: [...volunteerIds] } },
      first: JOIN_PAGE,
    })) {
      counts.set(item.data.volunteerId, (counts.get(item.data.volunteerId) ?? 0) + 1);
    }
    return counts;
  }

  private async clientIdsIn(regions: readonly string[]): Promise<string[]> {
    const ids: string[] = [];
    for await (const item of findAllDocuments<MatchClientRegionDocument>(
      this.readSide,
      MATCH_CLIENT_REGIONS,
      { filter: { region: { $in: [...regions] } }, first: JOIN_PAGE },
    )) {
      ids.push(item.id);
    }
    return ids;
  }

  private async regionsOfClients(clientIds: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(clientIds)];
    if (unique.length === 0) return new Map();
    const page: Page<MatchClientRegionDocument> = await findDocuments<MatchClientRegionDocument>(
      this.readSide,
      MATCH_CLIENT_REGIONS,
      {
        filter: { id: { $in: unique } },
        first: unique.length,
      },
    );
    return new Map(page.items.map((item) => [item.id, item.data.region]));
  }
}
