import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { AppConfig, Clock, Principal } from '@app/platform';
import { emptyPage, type Filter, type FieldCondition, type Page, type ScalarValue } from '@app/read-models';
import {
  regionKeysTouching,
  VOLUNTEERS_READ_MODEL,
  type VolunteerDocument,
} from '@app/read-models/volunteers';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { findDocuments, READ_SIDE, type ReadSide } from '../../../platform/read-side';
import { APP_CONFIG, CLOCK } from '../../../platform/tokens';
import {
  Connection,
  DEFAULT_PAGE_SIZE,
  toConnection,
  type ConnectionShape,
} from '../../../shared/connection';
import { listCursorsOf, pageOfList } from '../../../shared/cursors';
import { visibleRegions } from '../../../shared/regions';
import { principalOf } from '../../volunteer-command-runner';
import { toVolunteerModel, VolunteerModel } from '../../volunteer.model';
import { VolunteersArgs, type VolunteerFilterInput } from './volunteers.args';

export const VolunteerConnection = Connection(VolunteerModel, 'Volunteer');

const EMPTY_PAGE: Page<VolunteerDocument> & { totalCount: number } = {
  ...emptyPage<VolunteerDocument>(),
  totalCount: 0,
};

/** The document-store filter for what the caller asked and may see; `null` when nothing can match. */
export function volunteerFilter(
  principal: Principal,
  filter: VolunteerFilterInput | null | undefined,
): Filter | null {
  const conditions: Record<string, ScalarValue | FieldCondition> = {};
  const regions = visibleRegions(principal, filter?.region ? [filter.region] : null);
  if (regions !== null) {
    if (regions.length === 0) return null;
    conditions.regionKey = { $in: regionKeysTouching(regions) };
  }
  if (filter?.status) conditions.status = filter.status;
  if (filter?.language) conditions.languages = { $contains: filter.language };
  if (filter?.interest) conditions.interests = { $contains: filter.interest };
  if (filter?.namePrefix) conditions.name = { $prefix: filter.namePrefix };
  return conditions;
}

@Resolver(() => VolunteerModel)
export class VolunteersResolver {
  constructor(
    @Inject(READ_SIDE) private readonly readSide: ReadSide,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Query(() => VolunteerConnection, { description: 'Volunteers in your regions, by name.' })
  @Roles('COORDINATOR', 'ADMIN')
  async volunteers(
    @Args() { filter, first, after }: VolunteersArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionShape<VolunteerModel>> {
    const principal = principalOf(context);
    const now = this.clock.now();
    const cursors = await listCursorsOf(this.config);
    const page = await pageOfList(
      cursors,
      { name: 'volunteers', arguments: filter },
      after,
      async (storeAfter) => {
        const conditions = volunteerFilter(principal, filter);
        if (conditions === null) return EMPTY_PAGE;
        const [found, totalCount] = await Promise.all([
          findDocuments<VolunteerDocument>(this.readSide, VOLUNTEERS_READ_MODEL, {
            filter: conditions,
            sort: [{ field: 'name' }],
            first: first ?? DEFAULT_PAGE_SIZE,
            after: storeAfter,
          }),
          this.readSide
            .collection(VOLUNTEERS_READ_MODEL)
            .then((collection) => this.readSide.documents.count(collection, conditions)),
        ]);
        return { ...found, totalCount };
      },
    );
    return toConnection(page, page.totalCount, (stored) =>
      toVolunteerModel(stored.id, stored.data, principal, now),
    );
  }
}
