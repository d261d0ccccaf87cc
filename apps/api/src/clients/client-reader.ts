import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig, Principal } from '@app/platform';
import { emptyPage, type Filter, type JsonObject } from '@app/read-models';
import {
  CLIENTS_READ_MODEL,
  CONSENTS_READ_MODEL,
  consentDocumentId,
  DISCLOSURES_READ_MODEL,
  type ClientDocument,
  type ConsentDocument,
  type DisclosureDocument,
} from '@app/read-models/clients';
import {
  findAllDocuments,
  findDocuments,
  getDocument,
  READ_SIDE,
  type ReadSide,
} from '../platform/read-side';
import { APP_CONFIG } from '../platform/tokens';
import { listCursorsOf, pageOfList, type ListPage, type SealedPage } from '../shared/cursors';
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

/** A page as the store gives it, before its cursors are sealed. */
interface StoreClientPage extends ListPage<ClientDocument> {
  readonly totalCount: number;
}

export type ClientPage = SealedPage<StoreClientPage>;

const EMPTY_PAGE: StoreClientPage = { ...emptyPage(), items: [], totalCount: 0 };

/** Reads clients from the read model, never beyond the caller's regions. */
@Injectable()
export class ClientReader {
  constructor(
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The client, or NOT_FOUND when it does not exist or lies outside the caller's regions (indistinguishably). */
  async visible(principal: Principal, clientId: string): Promise<ClientDocument> {
    const stored = await getDocument<ClientDocument>(this.readSide, CLIENTS_READ_MODEL, clientId);
    return assertVisible(principal, stored?.data ?? null, 'Client');
  }

  /** One consent of a client, or null; the caller has checked the client is visible. */
  async consent(clientId: string, consentId: string): Promise<ConsentDocument | null> {
    const stored = await getDocument<ConsentDocument>(
      this.readSide,
      CONSENTS_READ_MODEL,
      consentDocumentId(clientId, consentId),
    );
    return stored?.data ?? null;
  }

  /** Every consent of a client in the order given; the caller has checked the client is visible. */
  consents(clientId: string): Promise<ConsentDocument[]> {
    return this.allOfClient<ConsentDocument>(CONSENTS_READ_MODEL, clientId);
  }

  /** Every disclosure request of a client in the order recorded; the caller has checked the client is visible. */
  disclosures(clientId: string): Promise<DisclosureDocument[]> {
    return this.allOfClient<DisclosureDocument>(DISCLOSURES_READ_MODEL, clientId);
  }

  private async allOfClient<T extends JsonObject>(model: string, clientId: string): Promise<T[]> {
    const all: T[] = [];
    for await (const document of findAllDocuments<T>(this.readSide, model, {
      filter: { clientId },
      sort: [{ field: 'sequence', direction: 'asc' }],
    })) {
      all.push(document.data);
    }
    return all;
  }

  async list(principal: Principal, query: ClientListQuery): Promise<ClientPage> {
    const { first, after, ...listArguments } = query;
    const cursors = await listCursorsOf(this.config);
    return pageOfList(
      cursors,
      { name: 'clients', arguments: listArguments },
      after,
      async (storeAfter): Promise<StoreClientPage> => {
        const regions = visibleRegions(
          principal,
          query.region === undefined || query.region === null ? null : [query.region],
        );
        if (regions !== null && regions.length === 0) return EMPTY_PAGE;
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
            first,
            after: storeAfter,
          }),
          this.readSide.documents.count(collection, filter),
        ]);
        return {
          items: page.items.map((item) => item.data),
          endCursor: page.endCursor,
          hasNextPage: page.hasNextPage,
          cursorAt: page.cursorAt,
          totalCount,
        };
      },
    );
  }
}
