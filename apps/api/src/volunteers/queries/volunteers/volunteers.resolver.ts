import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Clock, Principal } from '@app/platform';
import { InvalidCursorError, type Filter, type FieldCondition, type ScalarValue } from '@app/read-models';
import {
  regionKeysTouching,
  VOLUNTEERS_READ_MODEL,
  type VolunteerDocument,
} from '@app/read-models/volunteers';
import { Ctx, Roles } from '../../../platform/auth/auth.decorators';
import type { RequestContext } from '../../../platform/auth/request-context';
import { badInput } from '../../../platform/commands/command-errors';
import { findDocuments, READ_SIDE, type ReadSide } from '../../../platform/read-side';
import { CLOCK } from '../../../platform/tokens';
import {
  Connection,
  DEFAULT_PAGE_SIZE,
  toConnection,
  type ConnectionShape,
} from '../../../shared/connection';
import { visibleRegions } from '../../../shared/regions';
import { principalOf } from '../../volunteer-command-runner';
import { toVolunteerModel, VolunteerModel } from '../../volunteer.model';
import { VolunteersArgs, type VolunteerFilterInput } from './volunteers.args';

export const VolunteerConnection = Connection(VolunteerModel, 'Volunteer');

const EMPTY_CONNECTION: ConnectionShape<VolunteerModel> = {
  edges: [],
  pageInfo: { hasNextPage: false, endCursor: null },
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
  ) {}

  @Query(() => VolunteerConnection, { description: 'Volunteers in your regions, by name.' })
  @Roles('COORDINATOR', 'ADMIN')
  async volunteers(
    @Args() { filter, first, after }: VolunteersArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionShape<VolunteerModel>> {
    const principal = principalOf(context);
    const conditions = volunteerFilter(principal, filter);
    if (conditions === null) return EMPTY_CONNECTION;
    const now = this.clock.now();
    try {
      const page = await findDocuments<VolunteerDocument>(this.readSide, VOLUNTEERS_READ_MODEL, {
        filter: conditions,
        sort: [{ field: 'name' }],
        first: first ?? DEFAULT_PAGE_SIZE,
        after: after ?? null,
      });
      const total = await this.readSide.documents.count(
        await this.readSide.collection(VOLUNTEERS_READ_MODEL),
        conditions,
      );
      return toConnection(page, total, (stored) => toVolunteerModel(stored.id, stored.data, principal, now));
    } catch (error) {
      if (error instanceof InvalidCursorError) throw badInput('after', 'is not a cursor of this list');
      throw error;
    }
  }
}
