import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@app/platform';
import type { Filter } from '@app/read-models';
import { CLIENTS_READ_MODEL, type ClientDocument } from '@app/read-models/clients';
import { findDocuments, getDocument, READ_SIDE, type ReadSide } from '../platform/read-side';
import { assertVisible, visibleRegions } from '../shared/regions';

export interface ClientListQuery {
  readonly region?: string | null;
  readonly status?: string | null;
  readonly language?: string | null;
  readonly need?: string | null;
  readonly namePrefix?: string | null;
  readonly first: number;
  readonly after?: string | null;
}

export interface ClientPage {
  readonly items: readonly ClientDocument[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
  readonly totalCount: number;
}

/** Reads clients from the read model, never beyond the caller's regions. */
@Injectable()
export class ClientReader {
  constructor(@Inject(READ_SIDE) private readonly readSide: ReadSide) {}

  /** The client, or NOT_FOUND when it does not exist or lies outside the caller's regions (indistinguishably). */
  async visible(principal: Principal, clientId: string): Promise<ClientDocument> {
    const stored = await getDocument<ClientDocument>(this.readSide, CLIENTS_READ_MODEL, clientId);
    return assertVisible(principal, stored?.data ?? null, 'Client');
  }

  async list(principal: Principal, query: ClientListQuery): Promise<ClientPage> {
    const regions = visibleRegions(
      principal,
      query.region === undefined || query.region === null ? null : [query.region],
    );
    if (regions !== null && regions.length === 0)
      return { items: [], endCursor: null, hasNextPage: false, totalCount: 0 };
    const filter: Record<string, Filter[string]> = {};
    if (regions !== null) filter.region = { $in: regions };
    if (query.status) filter.status = query.status;
    if (query.language) filter.languages = { $contains: query.language };
    if (query.need) filter.needs = { $contains: query.need };
    if (query.namePrefix) filter.name = { $prefix: query.namePrefix };
    const collection = await this.readSide.collection(CLIENTS_READ_MODEL);
    const [page, totalCount] = await Promise.all([
      findDocuments<ClientDocument>(this.readSide, CLIENTS_READ_MODEL, {
        filter,
        sort: [{ field: 'registeredAt', direction: 'asc' }],
        first: query.first,
        after: query.after ?? null,
      }),
      this.readSide.documents.count(collection, filter),
    ]);
    return {
      items: page.items.map((item) => item.data),
      endCursor: page.endCursor,
      hasNextPage: page.hasNextPage,
      totalCount,
    };
  }
}
