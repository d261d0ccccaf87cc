import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../platform/auth/auth.decorators';
import type { RequestContext } from '../platform/auth/request-context';
import { notFound } from '../platform/commands/command-errors';
import { RegionEnum } from '../shared/enums';
import { canSeeRegion } from '../shared/regions';
import { DashboardModel } from './dashboard.model';
import { DashboardService } from './dashboard.service';
import { REGION_SCAN_COST } from '../platform/graphql-limits';

@Resolver(() => DashboardModel)
export class DashboardResolver {
  constructor(private readonly overview: DashboardService) {}

  @Query(() => DashboardModel, {
    complexity: REGION_SCAN_COST,
    description: 'Figures and attention lists for one region.',
  })
  @Roles('COORDINATOR', 'ADMIN')
  async dashboard(
    @Args('region', { type: () => RegionEnum }) region: RegionEnum,
    @Ctx() context: RequestContext,
  ): Promise<DashboardModel> {
    // A region the coordinator does not serve reads as if it did not exist.
    if (context.principal === null || !canSeeRegion(context.principal, region)) throw notFound('Region');
    return this.overview.forRegion(region);
  }
}
